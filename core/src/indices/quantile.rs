//! Sample quantiles and outlier fences.
//!
//! Cardinal computes quartiles with the Hyndman & Fan type-8 estimator (median-unbiased), not
//! the linear type 7 that numpy and spreadsheets use by default. Fences must match it for parity.

/// The type-8 quantile of `values` at `tau` in [0, 1]; NaN when `values` is empty or `tau` is
/// out of range (no data, no fence: comparisons with NaN never flag).
pub fn quantile(values: &[f64], tau: f64) -> f64 {
    if values.is_empty() || !(0.0..=1.0).contains(&tau) {
        return f64::NAN;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len() as f64;
    let h = (n + 1.0 / 3.0) * tau + 1.0 / 3.0;
    let floor = h.floor();
    if floor <= 0.0 || tau == 0.0 {
        return sorted[0];
    }
    if floor >= n || tau == 1.0 {
        return sorted[sorted.len() - 1];
    }
    // 1 <= floor < n, so both indices are in range.
    let index = floor as usize;
    let (low, high) = (sorted[index - 1], sorted[index]);
    low + (h - floor) * (high - low)
}

/// The first and third quartiles.
pub fn quartiles(values: &[f64]) -> (f64, f64) {
    (quantile(values, 0.25), quantile(values, 0.75))
}

/// Q1 − 1.5·IQR.
pub fn lower_fence(q1: f64, q3: f64) -> f64 {
    q1 - 1.5 * (q3 - q1)
}

/// Q3 + 1.5·IQR.
pub fn upper_fence(q1: f64, q3: f64) -> f64 {
    q3 + 1.5 * (q3 - q1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn type_8_quartiles() {
        // Worked by hand: n = 5, h(0.25) = 5⅓·0.25 + ⅓ = 1⅔ → 0.1 + ⅔·0.1.
        let (q1, q3) = quartiles(&[0.5, 0.1, 0.3, 0.2, 0.4]);
        assert!(close(q1, 0.1 + 0.2 / 3.0), "{q1}");
        assert!(close(q3, 0.4 + 0.1 / 3.0), "{q3}");
    }

    #[test]
    fn ends_and_empty() {
        assert!(quantile(&[], 0.5).is_nan());
        assert_eq!(quantile(&[3.0, 1.0], 0.0), 1.0);
        assert_eq!(quantile(&[3.0, 1.0], 1.0), 3.0);
        assert_eq!(quantile(&[7.0], 0.25), 7.0);
        // n = 2, h(0.75) = 2⅓·0.75 + ⅓ = 2.0833 ≥ n → max.
        assert_eq!(quantile(&[1.0, 2.0], 0.75), 2.0);
    }

    #[test]
    fn fences() {
        assert_eq!(lower_fence(1.0, 3.0), -2.0);
        assert_eq!(upper_fence(1.0, 3.0), 6.0);
    }
}
