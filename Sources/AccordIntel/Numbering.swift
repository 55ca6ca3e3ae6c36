import AccordCore
import AccordStore
import Foundation

/// Hands out the numbers of one write transaction, continuing the store's `WriteMark`: the next
/// report sequence numbers, and the next indicator numbers for canonical indicators never stored.
/// Reports stored before, or given twice, are left out. What it hands out is reserved in the
/// linker at once (see `Linker.reserve`), and listed here to be released if the write fails.
struct Numbering {
    private(set) var mark: WriteMark
    private(set) var reportIDs: [UUID] = []
    private(set) var indicatorIDs: [IndicatorID] = []

    init(continuing mark: WriteMark) {
        self.mark = mark
    }

    /// Numbers `reports` against what `linker` knows and has reserved.
    mutating func number(_ reports: [Report], linker: Linker) -> (batch: WriteBatch, duplicates: Int) {
        var batch = WriteBatch()
        batch.reports.reserveCapacity(reports.count)
        var duplicates = 0
        linker.withNumbers { known in
            for report in reports {
                guard linker.reserve(report: report.id) else {
                    duplicates += 1
                    continue
                }
                reportIDs.append(report.id)
                let linking = report.linking
                var numbers: [Int64] = []
                numbers.reserveCapacity(linking.count)
                for i in linking.indices {
                    let id = linking[i].id
                    if let number = known[id] {
                        numbers.append(Int64(number))
                    } else {
                        mark.lastIndicator += 1
                        known[id] = Int32(mark.lastIndicator)
                        indicatorIDs.append(id)
                        batch.indicators.append(NumberedIndicator(number: mark.lastIndicator, kind: linking[i].indicator.kind,
                                                                  value: linking[i].indicator.value, id: id))
                        numbers.append(mark.lastIndicator)
                    }
                }
                mark.lastReport += 1
                batch.reports.append(NumberedReport(seq: mark.lastReport, report: report, indicators: numbers))
            }
        }
        return (batch, duplicates)
    }
}
