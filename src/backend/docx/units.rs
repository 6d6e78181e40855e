//! Word's units: twentieths of a point (twips) and half-points.

pub fn mm_to_twips(mm: f64) -> u32 {
    (mm / 25.4 * 1440.0).round().max(0.0) as u32
}

pub fn pt_to_twips(pt: f64) -> u32 {
    (pt * 20.0).round().max(0.0) as u32
}

/// Font sizes are in half-points: 三号 16 pt → 32.
pub fn half_points(pt: f64) -> usize {
    (pt * 2.0).round().max(1.0) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a4_and_margins() {
        assert_eq!(mm_to_twips(210.0), 11906);
        assert_eq!(mm_to_twips(297.0), 16838);
        assert_eq!(mm_to_twips(37.0), 2098);
        assert_eq!(pt_to_twips(28.95), 579);
        assert_eq!(half_points(10.5), 21);
    }
}
