/// Detailed numbering plans (49, serving 51 regions with Canada and Kazakhstan) for the countries with the most scam traffic: all of ASEAN (Timor-Leste
/// included), East and South Asia, North America, the UK and Ireland, Oceania, the large EU states,
/// Latin America's largest, Africa's, the Gulf, Turkey, Russia, Kazakhstan and Ukraine. Lengths
/// are those of the national significant number, from each regulator's published plan as summarised
/// in ITU-T's national numbering plan notifications. Every other calling code falls back to the
/// generic E.164 limits (see `PhoneNumber`).
enum NumberingPlans {
    static let detailed: [NumberingPlan] = [
        // ASEAN
        .init(84, "VN", trunk: "0", lengths: [8, 9, 10], [
            (.mobile, ["3", "5", "7", "8", "9"], [9]), (.fixedLine, ["2"], [10]),
            (.tollFree, ["1800"], [8, 10]), (.premiumRate, ["1900"], [8, 10]),
        ]),
        .init(66, "TH", trunk: "0", idd: ["001", "007", "008", "009", "00"], lengths: [8, 9, 10], [
            (.mobile, ["6", "8", "9"], [9]), (.fixedLine, ["2", "3", "4", "5", "7"], [8]),
            (.tollFree, ["1800"], [10]), (.premiumRate, ["1900"], [10]),
        ]),
        .init(63, "PH", trunk: "0", lengths: [8, 9, 10, 11], [
            (.mobile, ["9"], [10]), (.fixedLine, ["2"], [9]), (.fixedLine, ["3", "4", "5", "6", "7", "8"], [8, 9]),
            (.tollFree, ["1800"], [10, 11]),
        ]),
        .init(60, "MY", trunk: "0", lengths: [8, 9, 10], [
            (.mobile, ["1"], [9]), (.mobile, ["11", "15"], [10]), (.fixedLine, ["3"], [9]),
            (.fixedLine, ["4", "5", "6", "7", "9"], [8]), (.fixedLine, ["8"], [8, 9]),
            (.tollFree, ["1800", "1300"], [9, 10]),
        ]),
        .init(65, "SG", trunk: nil, idd: ["000", "001", "002", "008", "012", "013", "018", "019"], lengths: [8, 10, 11], [
            (.mobile, ["8", "9"], [8]), (.fixedLine, ["6"], [8]), (.voip, ["3"], [8]),
            (.tollFree, ["1800"], [10, 11]), (.premiumRate, ["1900"], [10, 11]),
        ]),
        .init(62, "ID", trunk: "0", idd: ["001", "007", "008", "009", "00"], lengths: [7, 8, 9, 10, 11, 12], [
            (.mobile, ["8"], [9, 10, 11, 12]), (.fixedLine, ["2", "3", "4", "5", "6", "7", "9"], [7, 8, 9, 10, 11]),
            (.tollFree, ["800"], [9, 10]),
        ]),
        .init(855, "KH", trunk: "0", idd: ["001", "00"], lengths: [8, 9], [
            (.mobile, ["1", "3", "6", "7", "8", "9"], [8, 9]), (.fixedLine, ["2", "4", "5"], [8, 9]),
        ]),
        .init(856, "LA", trunk: "0", lengths: [8, 9, 10], [
            (.mobile, ["20"], [10]), (.fixedLine, ["2", "3", "4", "5", "6", "7", "8"], [8, 9]),
        ]),
        .init(95, "MM", trunk: "0", lengths: [6, 7, 8, 9, 10], [
            (.mobile, ["9"], [8, 9, 10]), (.fixedLine, ["1", "2", "4", "5", "6", "7", "8"], [6, 7, 8, 9]),
        ]),
        .init(673, "BN", trunk: nil, lengths: [7], [(.mobile, ["7", "8"], [7]), (.fixedLine, ["2", "3", "4", "5"], [7])]),
        .init(670, "TL", trunk: nil, lengths: [7, 8], [(.mobile, ["7"], [8]), (.fixedLine, ["2", "3", "4"], [7])]),
        // East and South Asia
        .init(86, "CN", trunk: "0", lengths: [9, 10, 11], [
            (.mobile, ["13", "14", "15", "16", "17", "18", "19"], [11]), (.fixedLine, ["10"], [10]),
            (.fixedLine, ["2", "3", "4", "5", "6", "7", "8", "9"], [9, 10, 11]),
            (.tollFree, ["400", "800"], [10]),
        ]),
        .init(852, "HK", trunk: nil, idd: ["001", "00"], lengths: [8, 9], [
            (.mobile, ["4", "5", "6", "7", "9"], [8]), (.fixedLine, ["2", "3"], [8]), (.tollFree, ["800"], [9]),
        ]),
        .init(853, "MO", trunk: nil, lengths: [8], [(.mobile, ["6"], [8]), (.fixedLine, ["2", "8"], [8])]),
        .init(886, "TW", trunk: "0", idd: ["002", "005", "006", "007", "009", "00"], lengths: [8, 9], [
            (.mobile, ["9"], [9]), (.fixedLine, ["2"], [9]), (.fixedLine, ["3", "4", "5", "6", "7", "8"], [8, 9]),
            (.tollFree, ["800"], [9]),
        ]),
        .init(81, "JP", trunk: "0", idd: ["010"], lengths: [9, 10], [
            (.mobile, ["70", "80", "90"], [10]), (.voip, ["50"], [10]), (.tollFree, ["120"], [9]),
            (.tollFree, ["800"], [10]), (.fixedLine, ["1", "2", "3", "4", "5", "6", "7", "8", "9"], [9]),
        ]),
        .init(82, "KR", trunk: "0", idd: ["001", "002", "005", "006", "008", "00700", "00"], lengths: [8, 9, 10], [
            (.mobile, ["10"], [10]), (.mobile, ["11", "17", "18", "19"], [9, 10]), (.mobile, ["16"], [8, 9, 10]),
            (.universalAccess, ["15"], [8]), (.fixedLine, ["2"], [8, 9]),
            (.fixedLine, ["3", "4", "5", "6"], [9, 10]), (.voip, ["70"], [10]), (.tollFree, ["80"], [9, 10]),
        ]),
        .init(91, "IN", trunk: "0", lengths: [10, 11], [
            (.mobile, ["6", "7", "8", "9"], [10]), (.fixedLine, ["1", "2", "3", "4", "5"], [10]),
            (.tollFree, ["1800"], [10, 11]),
        ]),
        .init(92, "PK", trunk: "0", lengths: [8, 9, 10], [
            (.mobile, ["3"], [10]), (.fixedLine, ["2", "4", "5", "6", "7", "8", "9"], [9, 10]), (.tollFree, ["800"], [8]),
        ]),
        .init(880, "BD", trunk: "0", lengths: [6, 7, 8, 9, 10], [
            (.mobile, ["1"], [10]), (.fixedLine, ["2", "3", "4", "5", "6", "7", "8", "9"], [6, 7, 8, 9, 10]),
        ]),
        // North America (one plan for all of +1; the region comes from the area code)
        .init(1, "US", trunk: "1", idd: ["011"], lengths: [10], [
            (.tollFree, ["800", "833", "844", "855", "866", "877", "888"], [10]), (.premiumRate, ["900"], [10]),
        ]),
        // Europe
        .init(44, "GB", trunk: "0", lengths: [7, 9, 10], [
            (.mobile, ["7"], [10]), (.fixedLine, ["1", "2"], [9, 10]), (.fixedLine, ["3"], [10]),
            (.tollFree, ["800"], [7, 9, 10]), (.tollFree, ["808"], [10]), (.premiumRate, ["9"], [10]),
        ]),
        .init(353, "IE", trunk: "0", lengths: [7, 8, 9, 10], [
            (.mobile, ["8"], [9]), (.fixedLine, ["1", "2", "4", "5", "6", "7", "9"], [7, 8, 9]), (.tollFree, ["1800"], [10]),
        ]),
        .init(49, "DE", trunk: "0", lengths: [6, 7, 8, 9, 10, 11, 12, 13], [
            (.mobile, ["15", "16", "17"], [10, 11]), (.fixedLine, ["2", "3", "4", "5", "6", "7", "8", "9"], [6, 7, 8, 9, 10, 11]),
            (.tollFree, ["800"], [10, 11, 12]),
        ]),
        .init(33, "FR", trunk: "0", lengths: [9], [
            (.mobile, ["6", "7"], [9]), (.fixedLine, ["1", "2", "3", "4", "5"], [9]), (.voip, ["9"], [9]), (.tollFree, ["80"], [9]),
        ]),
        .init(39, "IT", trunk: nil, lengths: [6, 7, 8, 9, 10, 11], [
            (.mobile, ["3"], [9, 10]), (.fixedLine, ["0"], [6, 7, 8, 9, 10, 11]), (.tollFree, ["80"], [6, 7, 9]),
        ]),
        .init(34, "ES", trunk: nil, lengths: [9], [
            (.mobile, ["6", "7"], [9]), (.fixedLine, ["8", "9"], [9]), (.tollFree, ["900"], [9]),
        ]),
        .init(31, "NL", trunk: "0", lengths: [7, 9, 10], [
            (.mobile, ["6"], [9]), (.fixedLine, ["1", "2", "3", "4", "5", "7"], [9]), (.tollFree, ["800"], [7, 10]),
            (.premiumRate, ["90"], [7, 10]),
        ]),
        .init(48, "PL", trunk: nil, lengths: [9], [
            (.mobile, ["45", "5", "6", "7", "88"], [9]), (.fixedLine, ["1", "2", "3", "4", "8"], [9]),
        ]),
        .init(40, "RO", trunk: "0", lengths: [9], [(.mobile, ["7"], [9]), (.fixedLine, ["2", "3"], [9]), (.tollFree, ["800"], [9])]),
        .init(32, "BE", trunk: "0", lengths: [8, 9], [(.mobile, ["4"], [9]), (.fixedLine, ["1", "2", "3", "5", "6", "7", "8", "9"], [8])]),
        .init(46, "SE", trunk: "0", lengths: [6, 7, 8, 9, 10], [(.mobile, ["7"], [9]), (.fixedLine, ["1", "2", "3", "4", "5", "6", "8", "9"], [6, 7, 8, 9])]),
        .init(351, "PT", trunk: nil, lengths: [9], [(.mobile, ["9"], [9]), (.fixedLine, ["2"], [9]), (.tollFree, ["800"], [9])]),
        .init(41, "CH", trunk: "0", lengths: [9], [(.mobile, ["7"], [9]), (.fixedLine, ["2", "3", "4", "5", "6", "8", "9"], [9])]),
        .init(43, "AT", trunk: "0", lengths: [4, 5, 6, 7, 8, 9, 10, 11, 12, 13], [(.mobile, ["6"], [10, 11, 12, 13])]),
        .init(7, "RU", trunk: "8", idd: ["810", "00"], lengths: [10], [
            (.mobile, ["9"], [10]), (.fixedLine, ["3", "4", "6", "7", "8"], [10]), (.tollFree, ["800"], [10]),
        ]),
        .init(380, "UA", trunk: "0", lengths: [9], [
            (.mobile, ["39", "50", "63", "66", "67", "68", "73", "9"], [9]), (.fixedLine, ["3", "4", "5", "6"], [9]),
        ]),
        .init(90, "TR", trunk: "0", lengths: [7, 10], [
            (.mobile, ["5"], [10]), (.fixedLine, ["2", "3", "4"], [10]), (.tollFree, ["800"], [10]), (.universalAccess, ["444"], [7]),
        ]),
        // Oceania
        .init(61, "AU", trunk: "0", idd: ["0011"], lengths: [6, 9, 10], [
            (.mobile, ["4"], [9]), (.fixedLine, ["2", "3", "7", "8"], [9]), (.tollFree, ["1800"], [10]),
            (.sharedCost, ["13"], [6, 10]),
        ]),
        .init(64, "NZ", trunk: "0", lengths: [8, 9, 10], [
            (.mobile, ["2"], [8, 9, 10]), (.fixedLine, ["3", "4", "6", "7", "9"], [8]), (.tollFree, ["800", "508"], [8, 9, 10]),
        ]),
        // Latin America
        .init(55, "BR", trunk: "0", lengths: [8, 10, 11], [(.tollFree, ["800"], [10]), (.sharedCost, ["300", "400"], [8, 10])]),
        .init(52, "MX", trunk: nil, lengths: [10], []),
        .init(57, "CO", trunk: nil, idd: ["005", "007", "009", "00"], lengths: [10, 11], [
            (.mobile, ["3"], [10]), (.fixedLine, ["60"], [10]), (.tollFree, ["1800"], [11]),
        ]),
        // Africa
        .init(234, "NG", trunk: "0", idd: ["009", "00"], lengths: [7, 8, 10], [
            (.mobile, ["70", "80", "81", "90", "91"], [10]), (.fixedLine, ["1", "2", "3", "4", "5", "6", "7", "8", "9"], [7, 8]),
        ]),
        .init(27, "ZA", trunk: "0", lengths: [9], [(.mobile, ["6", "7", "8"], [9]), (.fixedLine, ["1", "2", "3", "4", "5"], [9])]),
        .init(254, "KE", trunk: "0", idd: ["000"], lengths: [7, 8, 9], [(.mobile, ["1", "7"], [9])]),
        .init(20, "EG", trunk: "0", lengths: [8, 9, 10], [
            (.mobile, ["1"], [10]), (.fixedLine, ["2", "3"], [9]), (.fixedLine, ["4", "5", "6", "8", "9"], [8, 9]),
        ]),
        // The Gulf
        .init(971, "AE", trunk: "0", lengths: [5, 6, 7, 8, 9], [
            (.mobile, ["5"], [9]), (.fixedLine, ["2", "3", "4", "6", "7", "9"], [8]), (.tollFree, ["800"], [5, 6, 7, 8, 9]),
        ]),
        .init(966, "SA", trunk: "0", lengths: [8, 9, 10], [
            (.mobile, ["5"], [9]), (.fixedLine, ["1"], [8]), (.tollFree, ["800"], [10]), (.universalAccess, ["9200"], [9]),
        ]),
    ]

    /// Regions that share a detailed plan with another region's entry above.
    static let sharedRegions: [String: (callingCode: Int, trunk: String?, idd: [String])] = [
        "CA": (1, "1", ["011"]), "KZ": (7, "8", ["810", "00"]),
    ]
}
