// The one place the package chooses its platform modules; every target imports TSSupport
// instead of repeating these blocks.
//
// - FoundationEssentials (URL, Data, Date, JSON coding) where it exists, so a process never
//   loads libFoundation and its ICU data; Foundation elsewhere.
// - The C library: Glibc on Linux, Darwin on Apple platforms (math, stdio, POSIX files).
//
// Re-exported to the targets that import TSSupport only: TSSupport is not a product, so
// nothing leaks to the package's clients.
#if canImport(FoundationEssentials)
@_exported import FoundationEssentials
#else
@_exported import Foundation
#endif
#if canImport(Glibc)
@_exported import Glibc
#elseif canImport(Darwin)
@_exported import Darwin
#endif
