//! Virtual times as text: milliseconds, or more decimals where that is what
//! tells two times apart (`sleep(1/100000)` ends at `t=0.00001`, not
//! `t=0.000`).

/// Times are shown with at least this many decimals (milliseconds)...
const MIN_DECIMALS: usize = 3;
/// ...and at most this many (`f64` holds about 16 significant digits).
const MAX_DECIMALS: usize = 12;

/// Virtual times as text, with the fewest decimals (at least 3) that show
/// each as it is: no time after 0 shown as `0.000`, and no two neighbours
/// that differ shown alike. `sleep(1/100000)` ends at `0.00001`; beside the
/// end of `sleep(1/99999)` both take ten decimals.
pub fn times_text(times: &[f64]) -> Vec<String> {
    let decimals = (MIN_DECIMALS..=MAX_DECIMALS)
        .find(|&d| {
            let shown: Vec<String> = times.iter().map(|t| format!("{t:.d$}")).collect();
            let zero = format!("{:.d$}", 0.0);
            times.iter().zip(&shown).all(|(t, s)| *t == 0.0 || *s != zero)
                && times.windows(2).zip(shown.windows(2)).all(|(t, s)| t[0] == t[1] || s[0] != s[1])
        })
        .unwrap_or(MAX_DECIMALS);
    times.iter().map(|t| format!("{t:.decimals$}")).collect()
}

/// [`times_text`] of a few times at once.
pub fn times_text_of<const N: usize>(times: [f64; N]) -> [String; N] {
    let mut texts = times_text(&times).into_iter();
    std::array::from_fn(|_| texts.next().unwrap_or_default())
}
