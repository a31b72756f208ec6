print("wh")
