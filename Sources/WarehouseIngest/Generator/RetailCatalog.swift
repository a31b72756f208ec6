/// The fixed products and countries of the example shop, shaped like the UCI Online Retail data set.
///
/// Products come in order of popularity: the generator draws low indices more often.
public enum RetailCatalog {
    public static let products: [RetailProduct] = [
        RetailProduct(
            stockCode: "85123A", description: "WHITE HANGING HEART T-LIGHT HOLDER",
            laterDescription: "CREAM HANGING HEART T-LIGHT HOLDER", renamedAfterDay: 200, unitPriceCents: 255,
            category: "Lighting"),
        RetailProduct(
            stockCode: "22423", description: "REGENCY CAKESTAND 3 TIER", unitPriceCents: 1275, category: "Baking"),
        RetailProduct(
            stockCode: "85099B", description: "JUMBO BAG RED RETROSPOT", unitPriceCents: 208, category: "Bags"),
        RetailProduct(stockCode: "47566", description: "PARTY BUNTING", unitPriceCents: 495, category: "Party"),
        RetailProduct(
            stockCode: "84879", description: "ASSORTED COLOUR BIRD ORNAMENT", unitPriceCents: 169,
            category: "Home Decor"),
        RetailProduct(
            stockCode: "48194", description: "DOORMAT HOME SWEET HOME",
            laterDescription: "DOORMAT \"HOME SWEET HOME\"", renamedAfterDay: 120, unitPriceCents: 795,
            category: "Home Decor"),
        RetailProduct(
            stockCode: "20725", description: "LUNCH BAG RED RETROSPOT", unitPriceCents: 165, category: "Bags"),
        RetailProduct(
            stockCode: "22720", description: "SET OF 3 CAKE TINS PANTRY DESIGN", unitPriceCents: 495, category: "Baking"
        ),
        RetailProduct(
            stockCode: "21212", description: "PACK OF 72 RETROSPOT CAKE CASES", unitPriceCents: 55, category: "Baking"),
        RetailProduct(
            stockCode: "23203", description: "JUMBO BAG VINTAGE DOILY, RED", unitPriceCents: 208, category: "Bags"),
        RetailProduct(
            stockCode: "23084", description: "RABBIT NIGHT LIGHT", laterDescription: "RABBIT NIGHT LIGHT, PINK",
            renamedAfterDay: 260, unitPriceCents: 208, category: "Lighting"),
        RetailProduct(
            stockCode: "22086", description: "PAPER CHAIN KIT 50'S CHRISTMAS", unitPriceCents: 295,
            category: "Christmas"),
        RetailProduct(
            stockCode: "71053", description: "WHITE METAL LANTERN", unitPriceCents: 339, category: "Lighting"),
        RetailProduct(
            stockCode: "84406B", description: "CREAM CUPID HEARTS COAT HANGER", unitPriceCents: 275,
            category: "Home Decor"),
        RetailProduct(
            stockCode: "22960", description: "JAM MAKING SET WITH JARS", unitPriceCents: 425, category: "Kitchen"),
        RetailProduct(
            stockCode: "23310", description: "14\" PAPER LANTERN, IVORY", unitPriceCents: 165, category: "Lighting"),
        RetailProduct(
            stockCode: "84029G", description: "KNITTED UNION FLAG HOT WATER BOTTLE", unitPriceCents: 339,
            category: "Home Textiles"),
        RetailProduct(
            stockCode: "22752", description: "SET 7 BABUSHKA NESTING BOXES", unitPriceCents: 765, category: "Toys"),
        RetailProduct(
            stockCode: "21730", description: "GLASS STAR FROSTED T-LIGHT HOLDER", unitPriceCents: 425,
            category: "Lighting"),
        RetailProduct(
            stockCode: "22633", description: "HAND WARMER UNION JACK", unitPriceCents: 185, category: "Accessories"),
        RetailProduct(
            stockCode: "22632", description: "HAND WARMER RED POLKA DOT", unitPriceCents: 185, category: "Accessories"),
        RetailProduct(
            stockCode: "22197", description: "POPCORN HOLDER", laterDescription: "SMALL POPCORN HOLDER",
            renamedAfterDay: 90, unitPriceCents: 85, category: "Kitchen"),
        RetailProduct(
            stockCode: "21903", description: "SIGN \"PLEASE KEEP CLEAN\", WHITE", unitPriceCents: 210, category: "Signs"
        ),
        RetailProduct(
            stockCode: "22745", description: "POPPY'S PLAYHOUSE BEDROOM", unitPriceCents: 210, category: "Toys"),
        RetailProduct(
            stockCode: "22748", description: "POPPY'S PLAYHOUSE KITCHEN", unitPriceCents: 210, category: "Toys"),
        RetailProduct(
            stockCode: "22749", description: "FELTCRAFT PRINCESS CHARLOTTE DOLL", unitPriceCents: 375, category: "Toys"),
        RetailProduct(
            stockCode: "22310", description: "IVORY KNITTED MUG COSY", unitPriceCents: 165, category: "Kitchen"),
        RetailProduct(
            stockCode: "84969", description: "BOX OF 6 ASSORTED COLOUR TEASPOONS", unitPriceCents: 425,
            category: "Kitchen"),
        RetailProduct(
            stockCode: "22623", description: "BOX OF VINTAGE JIGSAW BLOCKS", unitPriceCents: 495, category: "Toys"),
        RetailProduct(
            stockCode: "22622", description: "BOX OF VINTAGE ALPHABET BLOCKS", unitPriceCents: 995, category: "Toys"),
        RetailProduct(
            stockCode: "21754", description: "HOME BUILDING BLOCK WORD", unitPriceCents: 595, category: "Home Decor"),
        RetailProduct(
            stockCode: "21755", description: "LOVE BUILDING BLOCK WORD", unitPriceCents: 595, category: "Home Decor"),
        RetailProduct(
            stockCode: "21777", description: "RECIPE BOX WITH METAL HEART", unitPriceCents: 795, category: "Kitchen"),
        RetailProduct(
            stockCode: "48187", description: "DOORMAT NEW ENGLAND", unitPriceCents: 795, category: "Home Decor"),
        RetailProduct(
            stockCode: "22913", description: "RED COAT RACK PARIS FASHION", unitPriceCents: 495, category: "Home Decor"),
        RetailProduct(
            stockCode: "22912", description: "YELLOW COAT RACK PARIS FASHION", unitPriceCents: 495,
            category: "Home Decor"),
        RetailProduct(
            stockCode: "22728", description: "ALARM CLOCK BAKELIKE PINK", unitPriceCents: 375, category: "Clocks"),
        RetailProduct(
            stockCode: "22727", description: "ALARM CLOCK BAKELIKE RED", unitPriceCents: 375, category: "Clocks"),
        RetailProduct(
            stockCode: "22726", description: "ALARM CLOCK BAKELIKE GREEN", unitPriceCents: 375, category: "Clocks"),
        RetailProduct(
            stockCode: "21733", description: "RED HANGING HEART T-LIGHT HOLDER",
            laterDescription: "RED HANGING HEART T-LIGHT HOLDER, LARGE", renamedAfterDay: 300, unitPriceCents: 295,
            category: "Lighting"),
        RetailProduct(
            stockCode: "21724", description: "PANDA AND BUNNIES STICKER SHEET", unitPriceCents: 85,
            category: "Stationery"),
        RetailProduct(stockCode: "21883", description: "STARS GIFT TAPE", unitPriceCents: 65, category: "Stationery"),
        RetailProduct(stockCode: "10002", description: "INFLATABLE POLITICAL GLOBE", unitPriceCents: 85, category: nil),
        RetailProduct(
            stockCode: "21791", description: "VINTAGE HEADS AND TAILS CARD GAME", unitPriceCents: 125, category: "Toys"),
        RetailProduct(
            stockCode: "22900", description: "SET 2 TEA TOWELS I LOVE LONDON", unitPriceCents: 295, category: "Kitchen"),
        RetailProduct(
            stockCode: "21035", description: "SET/2 RED RETROSPOT TEA TOWELS", unitPriceCents: 325, category: "Kitchen"),
        RetailProduct(
            stockCode: "22111", description: "SCOTTIE DOG HOT WATER BOTTLE", unitPriceCents: 495,
            category: "Home Textiles"),
        RetailProduct(
            stockCode: "84991", description: "60 TEATIME FAIRY CAKE CASES", unitPriceCents: 55, category: "Baking"),
        RetailProduct(
            stockCode: "21175", description: "GIN + TONIC DIET METAL SIGN", unitPriceCents: 210, category: "Signs"),
        RetailProduct(
            stockCode: "35004C", description: "SET OF 3 COLOURED FLYING DUCKS", unitPriceCents: 465,
            category: "Home Decor"),
        RetailProduct(
            stockCode: "84077", description: "WORLD WAR 2 GLIDERS ASSTD DESIGNS", unitPriceCents: 29, category: "Toys"),
        RetailProduct(
            stockCode: "22659", description: "LUNCH BOX I LOVE LONDON", unitPriceCents: 195, category: "Kitchen"),
        RetailProduct(
            stockCode: "23166", description: "MEDIUM CERAMIC TOP STORAGE JAR", unitPriceCents: 125, category: "Kitchen"),
        RetailProduct(
            stockCode: "20668", description: "3\" GLASS BAUBLE, GOLD", unitPriceCents: 65, category: "Christmas"),
        RetailProduct(stockCode: "79321", description: "CHILLI LIGHTS", unitPriceCents: 565, category: "Lighting"),
    ]

    public static let countries: [RetailCountry] = [
        RetailCountry(name: "United Kingdom", region: "British Isles", weight: 800),
        RetailCountry(name: "Germany", region: "Western Europe", weight: 30),
        RetailCountry(name: "France", region: "Western Europe", weight: 28),
        RetailCountry(name: "EIRE", region: "British Isles", weight: 25),
        RetailCountry(name: "Spain", region: "Southern Europe", weight: 12),
        RetailCountry(name: "Netherlands", region: "Western Europe", weight: 12),
        RetailCountry(name: "Belgium", region: "Western Europe", weight: 10),
        RetailCountry(name: "Switzerland", region: "Western Europe", weight: 9),
        RetailCountry(name: "Portugal", region: "Southern Europe", weight: 8),
        RetailCountry(name: "Australia", region: "Asia Pacific", weight: 7),
        RetailCountry(name: "Norway", region: "Northern Europe", weight: 6),
        RetailCountry(name: "Italy", region: "Southern Europe", weight: 6),
        RetailCountry(name: "Channel Islands", region: "British Isles", weight: 5),
        RetailCountry(name: "Finland", region: "Northern Europe", weight: 5),
        RetailCountry(name: "Cyprus", region: "Southern Europe", weight: 4),
        RetailCountry(name: "Sweden", region: "Northern Europe", weight: 4),
        RetailCountry(name: "Austria", region: "Western Europe", weight: 3),
        RetailCountry(name: "Denmark", region: "Northern Europe", weight: 3),
        RetailCountry(name: "Japan", region: "Asia Pacific", weight: 3),
        RetailCountry(name: "Poland", region: "Central Europe", weight: 3),
        RetailCountry(name: "USA", region: "Americas", weight: 2),
        RetailCountry(name: "Canada", region: "Americas", weight: 2),
        RetailCountry(name: "Israel", region: "Middle East", weight: 2),
        RetailCountry(name: "United Arab Emirates", region: "Middle East", weight: 1),
        RetailCountry(name: "Singapore", region: "Asia Pacific", weight: 1),
    ]
}
