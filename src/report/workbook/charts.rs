//! The charts of the summary sheets, made alike: a title, named axes and a
//! legend below, in the workbook's language; count axes from 0 in whole
//! steps (a year of one or two hires is not drawn as 0.2, 0.4 …); blank
//! cells (the months after the report's day) as gaps,
//! so that a line stops at the current month instead of dropping to zero.

use rust_xlsxwriter::{Chart, ChartAxis, ChartEmptyCells, ChartFont, ChartLegendPosition};

/// At most this many steps on a count axis.
const MOST_STEPS: f64 = 8.0;

/// The step of a count axis whose largest value is `max`: the smallest of
/// 1, 2, 5, 10, 20, 50 … that draws it in no more than eight steps.
pub fn count_step(max: f64) -> f64 {
    let mut scale = 1.0;
    loop {
        for step in [1.0, 2.0, 5.0] {
            let step = step * scale;
            if max / step <= MOST_STEPS {
                return step;
            }
        }
        scale *= 10.0;
    }
}

/// A count axis from 0 to a whole number of steps at or above `max`.
pub fn count_axis(axis: &mut ChartAxis, name: &str, max: f64) {
    let step = count_step(max);
    let top = ((max / step).ceil() * step).max(step);
    axis.set_name(name)
        .set_min(0.0)
        .set_max(top)
        .set_major_unit(step)
        .set_num_format("#,##0");
}

/// The size of a chart's labels: a sheet too wide for its page prints at
/// 75 % (src/report/workbook/print.rs), and 11 pt there is still 8 pt.
const LABEL_POINTS: f64 = 11.0;

/// The title, the legend below the plot, labels large enough to print,
/// and blanks drawn as gaps.
pub fn finish(chart: &mut Chart, title: &str) {
    let mut labels = ChartFont::new();
    labels.set_size(LABEL_POINTS);
    let mut heading = ChartFont::new();
    heading.set_size(LABEL_POINTS + 3.0).set_bold();
    chart.title().set_name(title).set_font(&heading);
    chart
        .legend()
        .set_position(ChartLegendPosition::Bottom)
        .set_font(&labels);
    chart.x_axis().set_font(&labels).set_name_font(&labels);
    chart.y_axis().set_font(&labels).set_name_font(&labels);
    chart.show_empty_cells_as(ChartEmptyCells::Gaps);
}

/// The largest of some counts, as a chart's axis needs it.
pub fn largest(values: impl IntoIterator<Item = u64>) -> f64 {
    values.into_iter().max().unwrap_or(0) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_steps_are_whole_and_few() {
        assert_eq!(count_step(0.0), 1.0);
        assert_eq!(count_step(1.0), 1.0);
        assert_eq!(count_step(8.0), 1.0);
        assert_eq!(count_step(9.0), 2.0);
        assert_eq!(count_step(16.0), 2.0);
        assert_eq!(count_step(17.0), 5.0);
        assert_eq!(count_step(41.0), 10.0);
        assert_eq!(count_step(1234.0), 200.0);
        for max in 0..500 {
            let step = count_step(max as f64);
            assert_eq!(step.fract(), 0.0);
            assert!(max as f64 / step <= MOST_STEPS);
        }
    }
}
