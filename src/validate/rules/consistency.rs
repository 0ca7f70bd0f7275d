//! The `consistency` rule.

use crate::decode::model::{self, Kind};
use crate::spec::{self};
use crate::validate::Level;

use super::{is_success, shown, Checker, Rule, RuleInfo};

/// The rule, what it checks at each severity (doc/guide.md's rule table), and its pass.
pub const RULE: Rule = Rule(&RuleInfo {
    name: "consistency",
    checks: &[
        (Level::Error, "a workflow `Success` with a `Failed` task (the spec: \"as long as one job is in Failed status, the instance is regarded as Failed\"); a `Failed` job without `Code` or `Message`"),
        (Level::Warning, "a workflow `Failed` with no failed task; a job whose `Code` says `Success` while it failed, or something else while it succeeded; a finish callback for a job still `Submitted`, `Running` or `Pause`"),
    ],
    pass: Some(|c| c.consistency()),
});

impl Checker<'_, '_> {
    pub(super) fn consistency(&mut self) {
        let model = self.model;
        if let Some(w) = &model.workflow {
            let failed: Vec<usize> =
                (0..w.tasks.len()).filter(|&i| w.tasks[i].state.is_some_and(model::is_failed_state)).collect();
            let state_node = self.tree.child(w.node, "State");
            match (w.state, state_node) {
                (Some(s), Some(node)) if is_success(s) && !failed.is_empty() => {
                    let tasks: Vec<String> = failed
                        .iter()
                        .map(|&i| format!("Tasks[{i}] ({})", shown(w.tasks[i].task_type.unwrap_or("?"))))
                        .collect();
                    let message = format!(
                        "the workflow State is Success but {} failed; the spec: as soon as one job fails, the \
                         workflow instance is Failed",
                        tasks.join(", ")
                    );
                    self.at_value(super::consistency::RULE, Level::Error, node, message, None);
                }
                (Some(s), Some(node)) if model::is_failed_state(s) && failed.is_empty() && !w.tasks.is_empty() => {
                    self.at_value(
                        super::consistency::RULE,
                        Level::Warning,
                        node,
                        "the workflow State is Failed but none of its Tasks failed".into(),
                        None,
                    );
                }
                _ => {}
            }
        }
        if self.kind().is_audit() {
            return;
        }
        let finish = matches!(self.kind(), Kind::Job | Kind::LegacyJob);
        for job in &model.jobs {
            let Some(state) = job.state.map(str::trim).filter(|s| !s.is_empty()) else { continue };
            let Some(state_node) = self.tree.child(job.node, "State") else { continue };
            let code = job.code.map(str::trim).filter(|c| !c.is_empty());
            if model::is_failed_state(state) {
                for (name, value) in [("Code", code), ("Message", job.message.map(str::trim).filter(|m| !m.is_empty()))]
                {
                    if value.is_none() {
                        let message = format!("a Failed job carries a {name} saying why; this one has none");
                        let span = self.value_span(state_node);
                        let path = format!("{}.{name}", self.tree.path(job.node));
                        self.push(super::consistency::RULE, Level::Error, span, path, message, None);
                    }
                }
                if code.is_some_and(is_success) {
                    self.at_value(
                        super::consistency::RULE,
                        Level::Warning,
                        state_node,
                        "the job State is Failed but its Code is Success".into(),
                        None,
                    );
                }
            } else if is_success(state) {
                if let Some(c) = code.filter(|c| !is_success(c)) {
                    let message = format!("the job State is Success but its Code is `{}`", shown(c));
                    self.at_value(super::consistency::RULE, Level::Warning, state_node, message, None);
                }
            } else if finish && spec::enums::UNFINISHED_JOB_STATES.contains(&state) {
                let message = format!("a finish callback for a job that is still {state}");
                self.at_value(super::consistency::RULE, Level::Warning, state_node, message, None);
            }
        }
    }
}
