import Foundation
import TSTensor

/// Data sets of the behaviour tests.
enum BehaviourData {
    /// `data/digits.csv` (1797 8×8 digits, pixels 0…16, a `label` column) as `X/16`,
    /// `[1797, 64]`.
    static func digits() throws -> Tensor {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../data/digits.csv").standardizedFileURL
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",")
        let pixels = header.indices.filter { header[$0] != "label" }
        var scalars: [Float] = []
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",")
            for i in pixels { scalars.append(Float(fields[i])! / 16) }
        }
        return Tensor(shape: [lines.count - 1, pixels.count], scalars: scalars)
    }

    /// `x − mean(x)` per column.
    static func centred(_ x: Tensor) -> Tensor {
        let (n, d) = (x.shape[0], x.shape[1])
        var out = x
        for j in 0..<d {
            var mean: Float = 0
            for i in 0..<n { mean += x[i, j] }
            mean /= Float(n)
            for i in 0..<n { out.scalars[i * d + j] -= mean }
        }
        return out
    }

    /// Seed 000's ring: `z ~ N(0, I₂)`, `y = z/10 + z/‖z‖`, each coordinate z-scored.
    static func ring(count: Int, rng: inout RandomGenerator) -> Tensor {
        var scalars: [Float] = []
        for _ in 0..<count {
            let (a, b) = (rng.normal(), rng.normal())
            let norm = (a * a + b * b).squareRoot()
            scalars += [a / 10 + a / norm, b / 10 + b / norm]
        }
        return zScored(Tensor(shape: [count, 2], scalars: scalars))
    }

    /// Each column scaled to mean 0 and (population) standard deviation 1.
    static func zScored(_ x: Tensor) -> Tensor {
        let (n, d) = (x.shape[0], x.shape[1])
        var out = centred(x)
        for j in 0..<d {
            var sum: Float = 0
            for i in 0..<n { sum += out[i, j] * out[i, j] }
            let std = (sum / Float(n)).squareRoot()
            for i in 0..<n { out.scalars[i * d + j] /= std }
        }
        return out
    }

    /// The radius `‖row‖` of each row of `[N, 2]`.
    static func radii(_ x: Tensor) -> [Double] {
        (0..<x.shape[0]).map { i in Double((x[i, 0] * x[i, 0] + x[i, 1] * x[i, 1]).squareRoot()) }
    }

    /// Mean and population standard deviation.
    static func moments(_ values: [Double]) -> (mean: Double, std: Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        return (mean, variance.squareRoot())
    }

    /// `count` draws of the mixture `½ N(−2, 0.5²) + ½ N(2, 0.5²)`, `[count, 1]`.
    static func mixture(count: Int, rng: inout RandomGenerator) -> Tensor {
        Tensor(shape: [count, 1], scalars: (0..<count).map { _ in (rng.uniform() < 0.5 ? -2 : 2) + 0.5 * rng.normal() })
    }
}

/// Subspace comparison by orthonormal bases.
enum Subspace {
    /// `Σ aᵢbᵢ`.
    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for i in a.indices { sum += a[i] * b[i] }
        return sum
    }

    /// An orthonormal basis (modified Gram–Schmidt, in Double) of the columns of `[d, k]`.
    static func orthonormalColumns(_ m: [[Double]]) -> [[Double]] {
        var basis: [[Double]] = []
        for column in m {
            var v = column
            for q in basis {
                let projection = dot(v, q)
                v = zip(v, q).map { $0 - projection * $1 }
            }
            let norm = dot(v, v).squareRoot()
            basis.append(v.map { $0 / norm })
        }
        return basis
    }

    /// `√(k − ‖Q₁ᵀQ₂‖²_F) = √(Σ sin² θᵢ)` over the principal angles `θᵢ` between two
    /// `k`-dimensional subspaces with orthonormal bases `Q₁`, `Q₂` (lists of columns): an
    /// upper bound on the sine of the largest angle, 0 iff the subspaces coincide.
    static func sineBound(_ q1: [[Double]], _ q2: [[Double]]) -> Double {
        var sum = 0.0
        for a in q1 { for b in q2 { sum += dot(a, b) * dot(a, b) } }
        return max(Double(q1.count) - sum, 0).squareRoot()
    }

    /// The top-`k` eigenvectors of the covariance `XᵀX/n` of centred `x [n, d]`, by
    /// orthogonal iteration (enough iterations that the basis stops moving).
    static func principalComponents(_ x: Tensor, k: Int, iterations: Int = 300) -> [[Double]] {
        let covariance = Tensor.matmul(x, x, transposeA: true).scaled(by: 1 / Float(x.shape[0]))
        let d = x.shape[1]
        var c = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
        for i in 0..<d { for j in 0..<d { c[i][j] = Double(covariance[i, j]) } }
        var start: [[Double]] = []
        for j in 0..<k {
            var column = [Double](repeating: 0.01, count: d)
            column[j] = 1
            column[(j * 7 + 3) % d] -= 0.02
            start.append(column)
        }
        var q = orthonormalColumns(start)
        for _ in 0..<iterations {
            q = orthonormalColumns(q.map { v in c.map { row in dot(row, v) } })
        }
        return q
    }
}
