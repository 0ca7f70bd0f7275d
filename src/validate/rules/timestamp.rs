//! The `timestamp` rule.

use crate::decode::model::Timestamp;
use crate::validate::Level;

use super::{shown, Checker, Rule, RuleInfo};

/// The rule, what it checks at each severity (doc/guide.md's rule table), and its pass.
pub const RULE: Rule = Rule(&RuleInfo {
    name: "timestamp",
    checks: &[
        (Level::Error, "`CreationTime`, `StartTime`, `EndTime`, `CreateTime` parse in a published format (`2022-06-30T15:29:42+0800`, `2022-08-09 14:54:17+0800`, `2021-08-10T21:01:10+08:00`)"),
        (Level::Warning, "`EndTime` before `CreationTime` / `CreateTime` or `StartTime`"),
    ],
    pass: Some(|c| c.timestamps()),
});

impl Checker<'_, '_> {
    fn time(&mut self, t: Option<&Timestamp<'_>>) {
        let Some(t) = t else { return };
        if t.value.is_none() && !t.raw.trim().is_empty() {
            self.at_value(
                super::timestamp::RULE,
                Level::Error,
                t.node,
                format!(
                    "`{}` is not a time in a published format (2022-06-30T15:29:42+0800, 2022-08-09 \
                     14:54:17+0800 or 2021-08-10T21:01:10+08:00)",
                    shown(t.raw)
                ),
                None,
            );
        }
    }

    /// `EndTime` before an earlier event (`CreationTime`, `StartTime`).
    fn order(&mut self, end: Option<&Timestamp<'_>>, before: &[Option<&Timestamp<'_>>]) {
        let Some(end) = end else { return };
        let Some(end_value) = end.value else { return };
        let tree = self.tree;
        for t in before.iter().flatten() {
            if let Some(v) = t.value.filter(|&v| v > end_value) {
                let (end_name, name) = (tree.name(end.node), tree.name(t.node));
                let message = format!(
                    "{end_name} {} is before {name} {}",
                    end_value.format("%Y-%m-%d %H:%M:%S%:z"),
                    v.format("%Y-%m-%d %H:%M:%S%:z")
                );
                self.at_value(super::timestamp::RULE, Level::Warning, end.node, message, None);
            }
        }
    }

    pub(super) fn timestamps(&mut self) {
        let model = self.model;
        for job in &model.jobs {
            for t in [&job.creation_time, &job.start_time, &job.end_time] {
                self.time(t.as_ref());
            }
            self.order(job.end_time.as_ref(), &[job.creation_time.as_ref(), job.start_time.as_ref()]);
        }
        if let Some(w) = &model.workflow {
            self.time(w.create_time.as_ref());
            for task in &w.tasks {
                for t in [&task.create_time, &task.start_time, &task.end_time] {
                    self.time(t.as_ref());
                }
                self.order(task.end_time.as_ref(), &[task.create_time.as_ref(), task.start_time.as_ref()]);
            }
        }
    }
}
