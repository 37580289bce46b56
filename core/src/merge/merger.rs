//! [`Merger`]: rules compiled once into a trie keyed by member name, reused for every process.

use serde_json::Value;

use super::rules::{MergeRules, Rule};
use super::tree::{Form, Output};
use super::{MergeError, MergeWarning, order, reference, tree};

fn value(output: Output) -> Value {
    match output {
        Output::Value(v) => v,
        Output::Json(text) => serde_json::from_str(&text).unwrap_or(Value::Null),
    }
}

fn json(output: Output) -> String {
    match output {
        Output::Json(text) => text,
        Output::Value(v) => v.to_string(),
    }
}

/// How the objects of an array are matched across releases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ArrayStrategy {
    /// By `id` (the standard's identifier merge); objects without `id` are added.
    #[default]
    Identifier,
    /// Every object of every release is added (the reference's `APPEND` override).
    Append,
    /// The n-th object merges with the n-th object of earlier releases
    /// (the reference's `MERGE_BY_POSITION` override).
    ByPosition,
}

/// A compiled or versioned release and what was noticed while merging it.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// The compiled or versioned release.
    pub release: Value,
    /// Warnings, in the order the reference would emit them.
    pub warnings: Vec<MergeWarning>,
}

/// A compiled or versioned release as JSON text (compact, as `serde_json::to_string` writes
/// [`Merged::release`]), and what was noticed while merging it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergedJson {
    /// The compiled or versioned release, as JSON text.
    pub json: String,
    /// Warnings, in the order the reference would emit them.
    pub warnings: Vec<MergeWarning>,
}

/// Rules for one field path, and for the paths below it.
#[derive(Debug, Clone, Default)]
pub(crate) struct RuleNode {
    pub(crate) rule: Option<Rule>,
    pub(crate) strategy: Option<ArrayStrategy>,
    children: Vec<(Box<str>, RuleNode)>,
}

impl RuleNode {
    /// Rules of the member `name` below this path.
    #[inline]
    pub(crate) fn child(&self, name: &str) -> Option<&RuleNode> {
        self.children.iter().find(|(k, _)| &**k == name).map(|(_, n)| n)
    }

    fn entry(&mut self, path: &[String]) -> &mut RuleNode {
        let mut node = self;
        for name in path {
            let at = match node.children.iter().position(|(k, _)| **k == **name) {
                Some(i) => i,
                None => {
                    node.children.push((name.as_str().into(), RuleNode::default()));
                    node.children.len() - 1
                }
            };
            node = &mut node.children[at].1;
        }
        node
    }
}

/// `rule` of an optional rule node.
#[inline]
pub(crate) fn rule_of(node: Option<&RuleNode>) -> Option<Rule> {
    node.and_then(|n| n.rule)
}

/// Merges the releases of one process at a time; build it once and reuse it.
///
/// `Merger` is `Send + Sync`: share one across threads to merge processes in parallel.
#[derive(Debug, Clone)]
pub struct Merger {
    rules: MergeRules,
    root: RuleNode,
    default_strategy: ArrayStrategy,
}

impl Merger {
    /// A merger with the rules of a release schema (see [`MergeRules::from_schema`]).
    pub fn from_schema(schema: &Value) -> Result<Self, MergeError> {
        Ok(Self::new(MergeRules::from_schema(schema)?))
    }

    /// A merger with the rules of a profile's release schema, e.g.
    /// `Merger::from_profile(&Profile::edca_mx())` or `Profile::ocds_1_0()` for OCDS 1.0 data.
    pub fn from_profile(profile: &crate::profile::Profile) -> Result<Self, MergeError> {
        Self::from_schema(profile.release_schema())
    }

    /// A merger with these rules.
    pub fn new(rules: MergeRules) -> Self {
        let mut root = RuleNode::default();
        for (path, rule) in rules.iter() {
            root.entry(path).rule = Some(rule);
        }
        Self { rules, root, default_strategy: ArrayStrategy::Identifier }
    }

    /// Matches the objects of the arrays at `path` (member names from the release's root) by
    /// `strategy` instead of by `id`, like the reference's `rule_overrides`.
    pub fn with_strategy<I, S>(mut self, path: I, strategy: ArrayStrategy) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let path: Vec<String> = path.into_iter().map(Into::into).collect();
        self.root.entry(&path).strategy = Some(strategy);
        self
    }

    /// Matches the objects of every array merged by `id` by `strategy`, except at paths given
    /// to [`with_strategy`](Self::with_strategy).
    pub fn with_default_strategy(mut self, strategy: ArrayStrategy) -> Self {
        self.default_strategy = strategy;
        self
    }

    /// The merge rules in use.
    pub fn rules(&self) -> &MergeRules {
        &self.rules
    }

    /// Merges the releases of one process into a compiled release.
    ///
    /// No releases give `{"tag": ["compiled"]}`. Fails, like the reference, on a release that
    /// is not an object, on a missing, `null` or unorderable `date` (unless there is one release
    /// only), on a field whose type changes in a way the merge cannot resolve, and on an `id`
    /// that is an object or array in an array merged by `id`.
    pub fn compile<'a, I>(&self, releases: I) -> Result<Merged, MergeError>
    where
        I: IntoIterator<Item = &'a Value>,
    {
        self.merge(releases, false, Form::Value).map(|(output, warnings)| Merged { release: value(output), warnings })
    }

    /// Merges the releases of one process into a versioned release (no releases give `{}`);
    /// fails as [`compile`](Self::compile) does, and also on a `null` value that later becomes
    /// an object or array (the reference fails there too).
    pub fn versioned<'a, I>(&self, releases: I) -> Result<Merged, MergeError>
    where
        I: IntoIterator<Item = &'a Value>,
    {
        self.merge(releases, true, Form::Value).map(|(output, warnings)| Merged { release: value(output), warnings })
    }

    /// [`compile`](Self::compile), written straight to JSON text: several times faster than
    /// building the `Value` and serializing it, for callers that write JSON anyway.
    pub fn compile_json<'a, I>(&self, releases: I) -> Result<MergedJson, MergeError>
    where
        I: IntoIterator<Item = &'a Value>,
    {
        self.merge(releases, false, Form::Json).map(|(output, warnings)| MergedJson { json: json(output), warnings })
    }

    /// [`versioned`](Self::versioned), written straight to JSON text.
    pub fn versioned_json<'a, I>(&self, releases: I) -> Result<MergedJson, MergeError>
    where
        I: IntoIterator<Item = &'a Value>,
    {
        self.merge(releases, true, Form::Json).map(|(output, warnings)| MergedJson { json: json(output), warnings })
    }

    fn merge<'a, I>(&self, releases: I, versioned: bool, form: Form) -> Result<(Output, Vec<MergeWarning>), MergeError>
    where
        I: IntoIterator<Item = &'a Value>,
    {
        let sorted = order::sorted(releases)?;
        let (root, default) = (&self.root, self.default_strategy);
        let fast = if versioned {
            tree::versioned(&sorted, root, default, form)
        } else {
            tree::compile(&sorted, root, default, form)
        };
        if let Ok(done) = fast {
            return Ok(done);
        }
        let merged = if versioned {
            reference::versioned(&sorted, root, default)?
        } else {
            reference::compile(&sorted, root, default)?
        };
        let output = match form {
            Form::Value => Output::Value(merged.release),
            Form::Json => Output::Json(merged.release.to_string()),
        };
        Ok((output, merged.warnings))
    }

    /// [`compile`](Self::compile) by the literal model of the reference only (slower); for
    /// differential tests of the fast engine.
    pub fn compile_reference<'a, I>(&self, releases: I) -> Result<Merged, MergeError>
    where
        I: IntoIterator<Item = &'a Value>,
    {
        reference::compile(&order::sorted(releases)?, &self.root, self.default_strategy)
    }

    /// [`versioned`](Self::versioned) by the literal model of the reference only (slower); for
    /// differential tests of the fast engine.
    pub fn versioned_reference<'a, I>(&self, releases: I) -> Result<Merged, MergeError>
    where
        I: IntoIterator<Item = &'a Value>,
    {
        reference::versioned(&order::sorted(releases)?, &self.root, self.default_strategy)
    }

    /// Whether the fast engine merges these releases itself, rather than handing them to the
    /// literal model of the reference (for tests and benchmarks; the output is the same).
    pub fn is_fast<'a, I>(&self, releases: I, versioned: bool) -> Result<bool, MergeError>
    where
        I: IntoIterator<Item = &'a Value>,
    {
        let sorted = order::sorted(releases)?;
        Ok(if versioned {
            tree::versioned(&sorted, &self.root, self.default_strategy, Form::Value).is_ok()
        } else {
            tree::compile(&sorted, &self.root, self.default_strategy, Form::Value).is_ok()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merger_can_be_shared_across_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<Merger>();
        shareable::<MergeRules>();
    }
}
