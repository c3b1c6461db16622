import ArgumentParser
import Logging
import TSForecast
import TSSupport
import TSTensor

@main
struct TSForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tsforecast",
        abstract: "Train neural forecasters (LSTM, GRU, RNN, NARX, TCN) on CSV time series and forecast with them; classify series.",
        discussion: """
            EXAMPLES:
              tsforecast train data/sunspots_yearly.csv --model lstm --lags 10 -o sunspots.safetensors
              tsforecast forecast --model sunspots.safetensors data/sunspots_yearly.csv --horizon 12 -o forecast.csv
              tsforecast evaluate --model sunspots.safetensors data/sunspots_yearly.csv --json
              tsforecast train data/sunspots_yearly.csv --model cnn --lags 10 --kernel-size 3 --channels 16 -o sunspots-cnn.safetensors
              tsforecast train data/sine_exog.csv --target y --inputs u1,u2 --model gru --lags 12 --horizon 6 --decoder seq2seq --epochs 5 -o sine-seq2seq.safetensors
              tsforecast backtest data/nile.csv --model gru --lags 8 --folds 4
              tsforecast summary sunspots.safetensors
              tsforecast plot --model sunspots.safetensors data/sunspots_yearly.csv --horizon 12 --out plots
              tsforecast batch train series/ --model lstm --lags 10 --out models/ --shard-from-env
              tsforecast classify train data/ucr/GunPoint_TRAIN.csv --model fcn --epochs 2 -o gunpoint.safetensors
              tsforecast classify evaluate --model gunpoint.safetensors data/ucr/GunPoint_TEST.csv
              tsforecast anomalies data/nile.csv --window 8 --model ae --epochs 30 -o nile-scores.csv --save-model nile-ae.safetensors
              tsforecast embed data/nile.csv --model-file nile-ae.safetensors -o nile-codes.csv
              tsforecast generate data/nile.csv --model vae --window 8 --count 50 --seed 1 --epochs 30 -o nile-windows.csv

            \(ExitStatus.table)
            """,
        version: "0.1.0",
        // Every command spells out its commandName: deriving it from the type name costs about
        // 1 ms of runtime conformance lookups on each start, a twentieth of a cold forecast.
        subcommands: [
            Train.self, Forecast.self, Evaluate.self, Backtest.self, Summary.self, Plot.self, Batch.self, Classify.self,
            Anomalies.self, Generate.self, Embed.self,
        ])

    /// Runs the command; library errors (data, model file, training) exit with their
    /// documented codes, argument errors with ArgumentParser's usage code 64.
    static func main() {
        LoggingSystem.bootstrap { _ in PlainStderrLogHandler() }
        // A training step frees and reallocates its tensors at the same sizes every step:
        // keeping freed memory saves the page faults of fresh mappings (see HeapRetention).
        HeapRetention.retainFreedMemory()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            guard let (status, message) = describe(error) else { exit(withError: error) }
            try? StandardStream.error.write("tsforecast: error: \(message)\n")
            TSSupport.exit(status.rawValue)
        }
    }
}
