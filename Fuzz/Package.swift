// swift-tools-version:6.1
// libFuzzer harnesses for tsforecast's readers, kept in their own package so that the main
// package builds no executable without a `main`. Built and run by `scripts/fuzz`
// (`swift build --sanitize=fuzzer --sanitize=address`, linked with lld); see
// docs/RELIABILITY.md.
import PackageDescription

let package = Package(
    name: "tsforecast-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "tsforecast", path: "..")],
    targets: [
        .target(name: "FuzzSupport"),
        .executableTarget(
            name: "FuzzCSV",
            dependencies: ["FuzzSupport", .product(name: "TSData", package: "tsforecast")]),
        .executableTarget(
            name: "FuzzLabeled",
            dependencies: [
                "FuzzSupport", .product(name: "TSClassification", package: "tsforecast"),
                .product(name: "TSData", package: "tsforecast"),
            ]),
        .executableTarget(
            name: "FuzzModel",
            dependencies: [
                "FuzzSupport", .product(name: "TSForecast", package: "tsforecast"),
                .product(name: "TSSafetensors", package: "tsforecast"),
            ]),
    ]
)
