//! `imsplan runbook`: the Markdown document people follow on the day (SPEC §7).
//!
//! `crate::tasks` holds the domain knowledge as data (kind × hosting → checklist, checks,
//! cautions, points of no return, each with its page); this module fills a row's
//! placeholders from the plan; `render.rs` writes the Markdown, reusing `render::markdown` (tables, escaping)
//! and `render::graph` (Mermaid charts) so no table is written twice.

pub mod html;
pub mod ics;
pub mod render;

pub use html::html;
pub use render::markdown;

/// The formats of the runbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markdown for git and pull requests.
    Markdown,
    /// One self-contained HTML page.
    Html,
}

/// Write the runbook of a view in a format; `source` names the plan file.
///
/// # Errors
/// When the writer fails.
pub fn write(
    view: &crate::view::View<'_>,
    source: &str,
    format: Format,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Markdown => markdown(view, source, w),
        Format::Html => html(view, source, w),
    }
}

use crate::code::pages::Cited;
use crate::model::{Environment, Operator, Plan, Step};
use crate::render::markdown::{code, md};
use crate::tasks;
use crate::version::Version;

/// Fill `{placeholders}` in a template; `None` when one has no value here (the item
/// does not apply to this plan). Text outside placeholders is kept as written.
#[must_use]
pub fn expand(template: &str, value: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let key_len = after
            .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
            .unwrap_or(after.len());
        if key_len > 0 && after[key_len..].starts_with('}') {
            out.push_str(&rest[..open]);
            out.push_str(&value(&after[..key_len])?);
            rest = &after[key_len + 1..];
        } else {
            out.push_str(&rest[..=open]);
            rest = after;
        }
    }
    out.push_str(rest);
    Some(out)
}

/// One step with its environment, as the placeholders see it.
pub struct StepCx<'a> {
    /// The plan.
    pub plan: &'a Plan,
    /// The step.
    pub step: &'a Step,
    /// Its environment.
    pub env: &'a Environment,
    /// The version the step runs on (`rules::versions::effective_versions`): for an
    /// upgrade, the version it starts from. `None` when unknown.
    pub runs_on: Option<&'a str>,
}

impl StepCx<'_> {
    /// The Markdown value of a step placeholder.
    #[must_use]
    pub fn value(&self, key: &str) -> Option<String> {
        let (step, env) = (self.step, self.env);
        match key {
            "env" => Some(code(&env.id.value)),
            "instances" => Some(match env.instances.as_deref() {
                Some(list) if !list.is_empty() => list
                    .iter()
                    .map(|i| code(&i.value))
                    .collect::<Vec<_>>()
                    .join(", "),
                _ => format!("the instances of {}", code(&env.id.value)),
            }),
            "to" => step.to.as_ref().map(|t| md(&t.value)),
            "production" => (env.role.value == crate::model::Role::Production).then(String::new),
            // Campaign v7 or v8, from the version the step runs on.
            "v7" => (!self.on_v8()).then(String::new),
            "v8" => self.on_v8().then(String::new),
            "ims-patch" => step
                .to
                .as_ref()
                .filter(|t| t.value.to_ascii_uppercase().ends_with(".IMS"))
                .map(|_| String::new()),
            "contact" => Some(tasks::contact(env.hosting.value).to_owned()),
            "operators-csv" => step.operators_csv.as_ref().map(|c| code(&c.value)),
            "title" => Some(step.title.as_ref().map_or_else(
                || format!("Carry out {} as its notes describe", code(&step.id.value)),
                |t| md(&t.value),
            )),
            "allowed" => Some(
                tasks::DEFAULT_ALLOWED
                    .iter()
                    .copied()
                    .chain(
                        step.allow_operators
                            .iter()
                            .flatten()
                            .map(|a| a.value.as_str()),
                    )
                    .map(code)
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            "extra-allowed" => step
                .allow_operators
                .as_ref()
                .filter(|l| !l.is_empty())
                .map(|l| {
                    l.iter()
                        .map(|a| code(&a.value))
                        .collect::<Vec<_>>()
                        .join(", ")
                }),
            _ => None,
        }
    }

    /// The Markdown value of a per-operator placeholder (falling back to the step's).
    #[must_use]
    pub fn operator_value(&self, op: &Operator, key: &str) -> Option<String> {
        match key {
            "name" => Some(code(&op.name.value)),
            "instance" => Some(op.instance.value.as_str().to_owned()),
            "credential" => Some(code(op.credential.value.as_str())),
            "profile" => Some(op.profile.as_ref().map_or_else(
                || "not named in the plan (use `campaign - <instance> - <group>`)".to_owned(),
                |p| code(&p.value),
            )),
            _ => self.value(key),
        }
    }

    /// The Campaign version the step runs on: the `to` of the last upgrade of its
    /// environment before it in the graph, else the environment's `version`.
    #[must_use]
    pub fn effective_version(&self) -> &str {
        self.runs_on.unwrap_or(&self.env.version.value)
    }

    /// True when the step runs on Campaign v8 (an effective version `8.x`).
    #[must_use]
    pub fn on_v8(&self) -> bool {
        self.effective_version().starts_with("8.")
    }

    /// True when the effective version is at least `min` (unknown versions: false).
    #[must_use]
    pub fn at_least(&self, min: &str) -> bool {
        match (
            Version::parse(self.effective_version()),
            Version::parse(min),
        ) {
            (Some(v), Some(m)) => v >= m,
            _ => false,
        }
    }

    /// The environment's instance names as shell words for commands (quoted by
    /// [`crate::shell::quote`]), or the `<instance>` placeholder when the plan lists none.
    #[must_use]
    pub fn instance_names(&self) -> Vec<String> {
        match self.env.instances.as_deref() {
            Some(list) if !list.is_empty() => list
                .iter()
                .map(|i| crate::shell::quote(&i.value).into_owned())
                .collect(),
            _ => vec!["<instance>".to_owned()],
        }
    }
}

/// A command block of a step: what it is for and the text to run, or why it does not
/// apply on this version.
pub enum CommandBlock {
    /// Run this (one line per instance when the command repeats).
    Run {
        /// What it is for (Markdown).
        title: &'static str,
        /// The command text (raw: shown in a code block).
        text: String,
    },
    /// The command needs a later version than the step runs on (Markdown sentence).
    NotOnThisVersion(String),
}

/// One item of a step with the catalog address of the page that states it.
pub type Item = (String, &'static str);

/// What the runbook says under one step, with the plan's values filled in: the same
/// texts for every output format (Markdown `render.rs`, HTML `html.rs`). Items are
/// Markdown (user values escaped by `md`/`code`), each with its source page.
pub struct Body {
    /// The checklist, in order (per-operator items in place).
    pub checklist: Vec<Item>,
    /// Commands to run.
    pub commands: Vec<CommandBlock>,
    /// The pages the commands come from.
    pub command_pages: Vec<&'static str>,
    /// How to verify the step worked.
    pub verify: Vec<Item>,
    /// Cautions.
    pub cautions: Vec<Item>,
    /// Points of no return (shown as banners).
    pub no_return: Vec<Item>,
}

/// Expand the items that apply to this plan, with the page of each.
fn expand_all<'a>(
    items: impl IntoIterator<Item = &'a Cited>,
    value: &dyn Fn(&str) -> Option<String>,
) -> Vec<Item> {
    items
        .into_iter()
        .filter_map(|c| expand(c.text, value).map(|t| (t, c.page)))
        .collect()
}

impl Body {
    /// The texts of one step.
    #[must_use]
    pub fn of(cx: &StepCx<'_>) -> Body {
        let s = cx.step;
        let row = tasks::row(s.kind.value, cx.env.hosting.value);
        let value = |k: &str| cx.value(k);
        let mut checklist = expand_all(row.checklist, &value);
        for op in s.operators.iter().flatten() {
            let value = |k: &str| cx.operator_value(op, k);
            checklist.extend(expand_all(row.per_operator, &value));
        }
        checklist.extend(expand_all(row.finally, &value));
        let commands = row
            .commands
            .iter()
            .map(|cmd| match cmd.min_version {
                Some(min) if !cx.at_least(min) => CommandBlock::NotOnThisVersion(format!(
                    "Not on this version: {} runs {} here; this command needs {min} or later.",
                    code(&cx.env.id.value),
                    md(cx.effective_version())
                )),
                _ => CommandBlock::Run {
                    title: cmd.title,
                    text: if cmd.per_instance {
                        cx.instance_names()
                            .iter()
                            .map(|name| cmd.text.replace("{instance}", name))
                            .collect::<Vec<_>>()
                            .join("\n")
                    } else {
                        cmd.text.to_owned()
                    },
                },
            })
            .collect();
        Body {
            checklist,
            commands,
            command_pages: row.commands.iter().map(|c| c.page).collect(),
            verify: expand_all(row.verify, &value),
            cautions: expand_all(row.cautions, &value),
            no_return: expand_all(row.no_return, &value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::expand;

    #[test]
    fn expand_fills_and_drops() {
        let v = |k: &str| (k == "a").then(|| "X".to_owned());
        assert_eq!(expand("x {a} y", &v).as_deref(), Some("x X y"));
        assert_eq!(expand("x {b} y", &v), None);
        assert_eq!(
            expand("`(.*)` {A} { a}", &v).as_deref(),
            Some("`(.*)` {A} { a}")
        );
        assert_eq!(expand("{a}{a}", &v).as_deref(), Some("XX"));
    }
}
