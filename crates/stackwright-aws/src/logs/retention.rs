//! `RetentionDays`: the retention periods CloudWatch Logs accepts.

/// How long a log group keeps its events: one of the periods CloudWatch Logs accepts, or
/// forever.
///
/// ```
/// use stackwright_aws::logs::RetentionDays;
/// assert_eq!(RetentionDays::TwoYears.days(), Some(731));
/// assert_eq!(RetentionDays::from_days(14), Some(RetentionDays::TwoWeeks));
/// assert_eq!(RetentionDays::from_days(10), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum RetentionDays {
    /// 1 day.
    OneDay,
    /// 3 days.
    ThreeDays,
    /// 5 days.
    FiveDays,
    /// 7 days.
    OneWeek,
    /// 14 days.
    TwoWeeks,
    /// 30 days.
    OneMonth,
    /// 60 days.
    TwoMonths,
    /// 90 days.
    ThreeMonths,
    /// 120 days.
    FourMonths,
    /// 150 days.
    FiveMonths,
    /// 180 days.
    SixMonths,
    /// 365 days.
    OneYear,
    /// 400 days.
    ThirteenMonths,
    /// 545 days.
    EighteenMonths,
    /// 731 days: the default, as in the CDK.
    #[default]
    TwoYears,
    /// 1,096 days.
    ThreeYears,
    /// 1,827 days.
    FiveYears,
    /// 2,192 days.
    SixYears,
    /// 2,557 days.
    SevenYears,
    /// 2,922 days.
    EightYears,
    /// 3,288 days.
    NineYears,
    /// 3,653 days.
    TenYears,
    /// Events never expire (no `RetentionInDays` in the template).
    Infinite,
}

/// Every finite period with its number of days, shortest first.
const PERIODS: [(RetentionDays, u32); 22] = [
    (RetentionDays::OneDay, 1),
    (RetentionDays::ThreeDays, 3),
    (RetentionDays::FiveDays, 5),
    (RetentionDays::OneWeek, 7),
    (RetentionDays::TwoWeeks, 14),
    (RetentionDays::OneMonth, 30),
    (RetentionDays::TwoMonths, 60),
    (RetentionDays::ThreeMonths, 90),
    (RetentionDays::FourMonths, 120),
    (RetentionDays::FiveMonths, 150),
    (RetentionDays::SixMonths, 180),
    (RetentionDays::OneYear, 365),
    (RetentionDays::ThirteenMonths, 400),
    (RetentionDays::EighteenMonths, 545),
    (RetentionDays::TwoYears, 731),
    (RetentionDays::ThreeYears, 1096),
    (RetentionDays::FiveYears, 1827),
    (RetentionDays::SixYears, 2192),
    (RetentionDays::SevenYears, 2557),
    (RetentionDays::EightYears, 2922),
    (RetentionDays::NineYears, 3288),
    (RetentionDays::TenYears, 3653),
];

impl RetentionDays {
    /// The number of days, or `None` for [`RetentionDays::Infinite`].
    pub fn days(self) -> Option<u32> {
        PERIODS.iter().find(|(r, _)| *r == self).map(|(_, d)| *d)
    }

    /// The period of exactly `days` days, if CloudWatch Logs accepts it.
    pub fn from_days(days: i64) -> Option<Self> {
        PERIODS
            .iter()
            .find(|(_, d)| i64::from(*d) == days)
            .map(|(r, _)| *r)
    }

    /// The numbers of days CloudWatch Logs accepts, for messages.
    pub(crate) fn accepted_days() -> String {
        PERIODS
            .iter()
            .map(|(_, d)| d.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_finite_period_round_trips_and_infinite_has_no_days() {
        for (period, days) in PERIODS {
            assert_eq!(period.days(), Some(days));
            assert_eq!(RetentionDays::from_days(i64::from(days)), Some(period));
        }
        assert_eq!(RetentionDays::Infinite.days(), None);
        assert_eq!(RetentionDays::default().days(), Some(731));
    }
}
