//! Schedules: `cron(...)` and `rate(...)` expressions, checked when built.

/// When a scheduled rule runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    expression: String,
    problem: Option<String>,
}

/// The fields of a cron schedule (UTC). Unset fields default as the CDK defaults them: `*` for
/// day, month and year, `?` for the day of the week, `*` for minute and hour.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct Cron {
    /// Minutes (0-59).
    pub minute: Option<String>,
    /// Hours (0-23).
    pub hour: Option<String>,
    /// Day of the month (1-31); cannot be set with `week_day`.
    pub day: Option<String>,
    /// Month (1-12 or JAN-DEC).
    pub month: Option<String>,
    /// Day of the week (1-7 or SUN-SAT); cannot be set with `day`.
    pub week_day: Option<String>,
    /// Year.
    pub year: Option<String>,
}

impl Cron {
    /// Every minute, until fields are set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the minute field.
    pub fn minute(mut self, v: impl Into<String>) -> Self {
        self.minute = Some(v.into());
        self
    }

    /// Sets the hour field.
    pub fn hour(mut self, v: impl Into<String>) -> Self {
        self.hour = Some(v.into());
        self
    }

    /// Sets the day-of-month field.
    pub fn day(mut self, v: impl Into<String>) -> Self {
        self.day = Some(v.into());
        self
    }

    /// Sets the month field.
    pub fn month(mut self, v: impl Into<String>) -> Self {
        self.month = Some(v.into());
        self
    }

    /// Sets the day-of-week field.
    pub fn week_day(mut self, v: impl Into<String>) -> Self {
        self.week_day = Some(v.into());
        self
    }

    /// Sets the year field.
    pub fn year(mut self, v: impl Into<String>) -> Self {
        self.year = Some(v.into());
        self
    }
}

impl Schedule {
    /// `cron(minute hour day month week-day year)`.
    pub fn cron(cron: Cron) -> Self {
        let mut problem = None;
        if cron.day.is_some() && cron.week_day.is_some() {
            problem = Some(
                "a cron schedule cannot set both the day of the month and the day of the week"
                    .to_owned(),
            );
        }
        let field =
            |v: &Option<String>, default: &str| v.clone().unwrap_or_else(|| default.to_owned());
        let week_day = field(&cron.week_day, "?");
        let day = field(&cron.day, if cron.week_day.is_some() { "?" } else { "*" });
        let fields = [
            ("minute", field(&cron.minute, "*"), 0, 59),
            ("hour", field(&cron.hour, "*"), 0, 23),
            ("day", day, 1, 31),
            ("month", field(&cron.month, "*"), 1, 12),
            ("week day", week_day, 1, 7),
            ("year", field(&cron.year, "*"), 1970, 2199),
        ];
        for (name, value, min, max) in &fields {
            if problem.is_none() {
                problem = check_cron_field(name, value, *min, *max).err();
            }
        }
        let values: Vec<&str> = fields.iter().map(|(_, v, _, _)| v.as_str()).collect();
        Schedule {
            expression: format!("cron({})", values.join(" ")),
            problem,
        }
    }

    /// Every `n` minutes.
    pub fn rate_minutes(n: u32) -> Self {
        Self::rate(n, "minute")
    }

    /// Every `n` hours.
    pub fn rate_hours(n: u32) -> Self {
        Self::rate(n, "hour")
    }

    /// Every `n` days.
    pub fn rate_days(n: u32) -> Self {
        Self::rate(n, "day")
    }

    fn rate(n: u32, unit: &str) -> Self {
        let plural = if n == 1 { "" } else { "s" };
        Schedule {
            expression: format!("rate({n} {unit}{plural})"),
            problem: (n == 0).then(|| "a rate must be at least 1".to_owned()),
        }
    }

    /// A schedule expression written out (`rate(5 minutes)`, `cron(0 2 * * ? *)`), checked.
    pub fn expression(expression: impl Into<String>) -> Self {
        let expression = expression.into();
        let problem = check_expression(&expression).err();
        Schedule {
            expression,
            problem,
        }
    }

    /// The expression as written in the template.
    pub fn expression_string(&self) -> &str {
        &self.expression
    }

    /// Why the schedule is invalid, if it is.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }
}

fn check_expression(expression: &str) -> Result<(), String> {
    if let Some(body) = expression
        .strip_prefix("rate(")
        .and_then(|s| s.strip_suffix(')'))
    {
        let mut parts = body.split(' ');
        let (Some(n), Some(unit), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(format!("{expression:?} is not rate(<n> <unit>)"));
        };
        let n: u32 = n
            .parse()
            .map_err(|_| format!("{expression:?}: {n:?} is not a positive number"))?;
        let expected = match n {
            0 => return Err(format!("{expression:?}: a rate must be at least 1")),
            1 => ["minute", "hour", "day"],
            _ => ["minutes", "hours", "days"],
        };
        if !expected.contains(&unit) {
            return Err(format!(
                "{expression:?}: the unit must be one of {expected:?}"
            ));
        }
        return Ok(());
    }
    if let Some(body) = expression
        .strip_prefix("cron(")
        .and_then(|s| s.strip_suffix(')'))
    {
        let fields: Vec<&str> = body.split(' ').collect();
        if fields.len() != 6 {
            return Err(format!(
                "{expression:?}: a cron expression has 6 fields, not {}",
                fields.len()
            ));
        }
        if fields[2] != "?" && fields[4] != "?" {
            return Err(format!(
                "{expression:?}: the day of the month or the day of the week must be '?'"
            ));
        }
        let limits = [
            ("minute", 0, 59),
            ("hour", 0, 23),
            ("day", 1, 31),
            ("month", 1, 12),
            ("week day", 1, 7),
            ("year", 1970, 2199),
        ];
        for (value, (name, min, max)) in fields.iter().zip(limits) {
            check_cron_field(name, value, min, max).map_err(|e| format!("{expression:?}: {e}"))?;
        }
        return Ok(());
    }
    Err(format!("{expression:?} is neither rate(...) nor cron(...)"))
}

/// A cron field: `*`, `?`, numbers in range, names (JAN, MON), lists, ranges, steps, `L`, `W`, `#`.
fn check_cron_field(name: &str, value: &str, min: u32, max: u32) -> Result<(), String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || ",-*?/#".contains(c);
    if value.is_empty() || !value.chars().all(allowed) {
        return Err(format!(
            "the {name} field {value:?} has characters a cron field cannot hold"
        ));
    }
    for number in value
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
    {
        let n: u32 = number.parse().unwrap_or(u32::MAX);
        let is_step = value.contains(&format!("/{number}"));
        if !is_step && !(min..=max).contains(&n) && !value.contains('#') {
            return Err(format!("the {name} field {value:?} is outside {min}-{max}"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_are_written_as_the_cdk_writes_them() {
        let nightly = Schedule::cron(Cron::new().minute("0").hour("2"));
        assert_eq!(nightly.expression_string(), "cron(0 2 * * ? *)");
        assert_eq!(nightly.problem(), None);
        let mondays = Schedule::cron(Cron::new().minute("30").hour("6").week_day("MON"));
        assert_eq!(mondays.expression_string(), "cron(30 6 ? * MON *)");
        assert_eq!(Schedule::rate_hours(1).expression_string(), "rate(1 hour)");
        assert_eq!(
            Schedule::rate_minutes(5).expression_string(),
            "rate(5 minutes)"
        );
    }

    #[test]
    fn bad_schedules_say_why() {
        assert!(Schedule::rate_days(0).problem().is_some());
        assert!(Schedule::cron(Cron::new().hour("25"))
            .problem()
            .unwrap()
            .contains("outside 0-23"));
        assert!(Schedule::cron(Cron::new().day("1").week_day("MON"))
            .problem()
            .is_some());
        for bad in [
            "rate(5 minute)",
            "rate(x hours)",
            "cron(0 2 * * *)",
            "cron(0 2 1 * MON *)",
            "daily",
        ] {
            assert!(Schedule::expression(bad).problem().is_some(), "{bad}");
        }
        for good in [
            "rate(1 day)",
            "cron(0/15 * * * ? *)",
            "cron(0 18 ? * MON-FRI *)",
            "cron(0 10 ? * 6#3 *)",
        ] {
            assert_eq!(Schedule::expression(good).problem(), None, "{good}");
        }
    }
}
