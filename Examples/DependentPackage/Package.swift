// swift-tools-version:6.1
// A package that depends on tsforecast by path, as another Swift tool would. It expects
// a checkout named `tsforecast` beside it; `scripts/check-dependent` arranges that.
import PackageDescription

let package = Package(
    name: "DependentPackage",
    dependencies: [.package(path: "../tsforecast")],
    targets: [
        .executableTarget(
            name: "ForecastDemo",
            dependencies: [.product(name: "TSForecast", package: "tsforecast")]),
    ]
)
