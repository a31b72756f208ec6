extension KPIRequest {
    /// The request's cache key: its checked values with the page and the format.
    func cacheKey(_ kpi: String) -> ResponseCacheKey {
        var parameters = values
        parameters["limit"] = String(limit)
        parameters["offset"] = String(offset)
        parameters["format"] = format.rawValue
        return ResponseCacheKey(kpi: kpi, parameters: parameters)
    }
}
