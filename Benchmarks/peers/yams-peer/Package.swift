// swift-tools-version: 6.1
// Peer benchmark: jpsim/Yams on the same generated rule files. A package of its own because
// Yams vendors its own libyaml (module CYaml), which must never meet Debian's libyaml
// (Regimen's CLibYAML) in one binary. The folder is yams-peer, not yams: a root package whose
// folder has its dependency's name gets the same package identity, and SwiftPM refuses it. Run: swift run -c release yams-peer DIR [--runs N]
import PackageDescription

let package = Package(
    name: "YamsPeer",
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .executableTarget(
            name: "yams-peer",
            dependencies: [.product(name: "Yams", package: "Yams")],
            path: "Sources/YamsPeer"
        ),
    ]
)
