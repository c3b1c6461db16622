import TSSupport

/// The automatic choice of the order of differencing (`ForecastSetup.autoDifference`,
/// `--diff auto`): difference once when the training part is not level-stationary by the
/// KPSS test at the 1 % level.
///
/// The KPSS statistic (Kwiatkowski, Phillips, Schmidt and Shin 1992) of `y₁ … y_T` around
/// its mean: with `e_t = y_t − ȳ` and the partial sums `S_t = e₁ + … + e_t`,
///
///     η = (1/T²) Σ_t S_t² / σ̂²,   σ̂² = (1/T) (Σ_t e_t² + 2 Σ_{s=1…l} (1 − s/(l+1)) Σ_{t>s} e_t e_{t−s})
///
/// (the Bartlett-weighted long-run variance, `l = ⌈12 (T/100)^{1/4}⌉` lags, statsmodels'
/// `kpss(…, nlags="legacy")`). A trend or a random walk makes `η` grow with `T`; a
/// stationary series keeps it small. The order is 1 when `η > 0.739` (the 1 % critical
/// value), else 0. On the bundled series' training parts (70 %): weekly CO₂ 6.31 and real
/// GDP 1.05 are differenced; sunspots 0.08, Nile 0.56, sine_exog 0.05, and the accuracy
/// study's half-hourly demand 0.24 and El Niño 0.25 are not (docs/DEFAULTS.md).
public enum DifferenceSelection {
    /// The 1 % critical value of the level-stationarity KPSS statistic.
    public static let criticalValue = 0.739

    /// The KPSS statistic `η` of `values` (NaNs skipped; `nil` for fewer than 3 values or
    /// a constant series).
    public static func kpss(_ values: some Collection<Float>) -> Double? {
        let y = values.map(Double.init).filter { !$0.isNaN }
        let n = y.count
        guard n >= 3 else { return nil }
        let mean = y.reduce(0, +) / Double(n)
        let e = y.map { $0 - mean }
        var partial = 0.0, sumOfSquares = 0.0
        for value in e {
            partial += value
            sumOfSquares += partial * partial
        }
        let lags = min(n - 1, Int((12 * pow(Double(n) / 100, 0.25)).rounded(.up)))
        var longRun = e.reduce(0) { $0 + $1 * $1 }
        for s in stride(from: 1, through: lags, by: 1) {
            let weight = 1 - Double(s) / Double(lags + 1)
            longRun += 2 * weight * (s..<n).reduce(0) { $0 + e[$1] * e[$1 - s] }
        }
        longRun /= Double(n)
        guard longRun > 0 else { return nil }
        return sumOfSquares / (Double(n) * Double(n)) / longRun
    }

    /// The order of differencing for a training part `values` (in model space before
    /// differencing: after `log`, and after the seasonal difference when there is one): 1
    /// when its KPSS statistic exceeds `criticalValue`, else 0.
    public static func order(for values: some Collection<Float>) -> Int {
        (kpss(values) ?? 0) > criticalValue ? 1 : 0
    }

    /// The order for the training parts of several series (a global model): 1 when at
    /// least half of them would be differenced on their own.
    public static func order<Part: Collection<Float>>(forEach parts: [Part]) -> Int {
        parts.isEmpty ? 0 : (2 * parts.map { order(for: $0) }.reduce(0, +) >= parts.count ? 1 : 0)
    }

    /// The training part `values` as the rule reads it under `setup`: `log y` with
    /// `setup.log`, then `y(t) − y(t−m)` with `seasonalDifference`.
    static func modelSpace(_ values: some Collection<Float>, setup: ForecastSetup) -> [Float] {
        var y = setup.log ? values.map { Float(log(Double($0))) } : Array(values)
        if setup.seasonalDifference, let m = setup.season, y.count > m { y = (m..<y.count).map { y[$0] - y[$0 - m] } }
        return y
    }
}

extension ForecastSetup {
    /// With `autoDifference`, the setup with `difference` chosen for `trainingParts` (one
    /// per series, original units; `DifferenceSelection`) and `autoDifference` off, so the
    /// model file stores the order used; otherwise the setup as it is (`trainingParts` is
    /// then never evaluated).
    public func resolvingDifference(trainingParts: @autoclosure () -> [ArraySlice<Float>]) -> ForecastSetup {
        guard autoDifference else { return self }
        var setup = self
        setup.difference = DifferenceSelection.order(forEach: trainingParts().map { DifferenceSelection.modelSpace($0, setup: self) })
        setup.autoDifference = false
        return setup
    }
}
