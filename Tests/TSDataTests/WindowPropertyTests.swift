import PropertyBased
import Testing
import TSData

/// Window counts and no-leak guarantees for random shapes, on `y(t) = t`.
@Suite struct WindowPropertyTests {
    @Test func narxWindowCountAndTargetsStayInTheirPart() async {
        await propertyCheck(input: Gen.int(in: 20...200), Gen.int(in: 0...6), Gen.int(in: 1...4), Gen.int(in: 1...3)) { rows, na, horizon, stride in
            let dataset = try indexDataset(rows: rows, inputs: 1)
            let split = try DataSplit(dataset)
            let spec = NARXSpec(outputLags: na, inputLags: [InputLag(order: 2, delay: na % 2)], horizon: horizon, stride: stride)
            for part in DataPart.allCases {
                let range = split.rows(part, recording: 0)
                let first = max(spec.history, range.lowerBound)
                let last = range.upperBound - horizon
                let expected = last >= first ? (last - first) / stride + 1 : 0
                guard let windows = try? NARXWindows(dataset, spec: spec, split: split, part: part) else {
                    #expect(expected == 0)
                    continue
                }
                #expect(windows.count == expected)
                let batch = windows.batch(0..<windows.count)
                let f = spec.featureCount
                for (n, s) in batch.samples.enumerated() {
                    // Targets inside the part; every feature strictly before the first target, or u(k) when nk = 0.
                    for h in 0..<horizon { #expect(range.contains(Int(batch.targets[n, h]))) }
                    for c in 0..<f {
                        let v = Int(batch.inputs[n, c])
                        let t = v >= 1000 ? v - 1000 : v
                        #expect(t >= 0 && (t < s.row || (v >= 1000 && t == s.row && spec.inputLags[0].delay == 0)))
                    }
                }
            }
        }
    }

    @Test func subSequenceCountsAndNoLeak() async {
        await propertyCheck(input: Gen.int(in: 10...150), Gen.int(in: 2...12), Gen.int(in: 1...6), Gen.int(in: 0...1)) { rows, length, stride, washout in
            let dataset = try indexDataset(rows: rows)
            let split = try DataSplit(dataset)
            let spec = SequenceSpec(length: length, stride: stride, washout: washout)
            let range = split.rows(.train, recording: 0)
            let first = max(1, range.lowerBound)
            let last = range.upperBound - length
            let expected = last >= first ? (last - first) / stride + 1 : 0
            guard let windows = try? SequenceWindows(dataset, spec: spec, split: split, part: .train) else {
                #expect(expected == 0)
                return
            }
            #expect(windows.count == expected)
            let batch = windows.batch(0..<windows.count)
            #expect(batch.targets.scalars.allSatisfy { range.contains(Int($0)) })
            #expect(zip(batch.inputs.scalars, batch.targets.scalars).allSatisfy { $0 + 1 == $1 })
            #expect(batch.weights!.scalars.filter { $0 == 0 }.count == washout * windows.count)
        }
    }
}
