// swift-tools-version:6.1
// A tour of the TSForecast library as another Swift program uses it: public API only, no
// files read. It expects a checkout named `tsforecast` beside it; `scripts/check-dependent`
// arranges that.
import PackageDescription

let package = Package(
    name: "LibraryTour",
    dependencies: [.package(path: "../tsforecast")],
    targets: [
        .executableTarget(
            name: "LibraryTour",
            dependencies: [
                .product(name: "TSForecast", package: "tsforecast"),
                .product(name: "TSClassification", package: "tsforecast"),
                .product(name: "TSGenerative", package: "tsforecast"),
                .product(name: "TSTraining", package: "tsforecast"),
            ]),
    ]
)
