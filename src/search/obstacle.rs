//! What the search reports when it cannot go on: each way forward from its furthest state
//! ([`Blocker`]) and what stops it ([`Obstacle`]), as catalog data (requirements, rules,
//! reasons), never as sentences.

use serde::Serialize;

use crate::requirement::Requirement;
use crate::table::RuleId;
use crate::version::{Product, Version};

/// What stops one way forward.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Obstacle {
    /// The supported-upgrade table refuses the hop.
    Rule {
        /// The row.
        rule: RuleId,
    },
    /// A migration would be needed and the request does not allow migrations.
    MigrationNotAllowed {
        /// The tool.
        tool: String,
    },
    /// The target is reached only by migration, and no migration starts here.
    NoMigration {
        /// The versions the migrations start from.
        #[schemars(with = "Vec<String>")]
        sources: Vec<Requirement>,
    },
    /// The target release is blocked.
    Blocked {
        /// The catalog's reason.
        reason: String,
    },
    /// A gate's requirement is not met before the hop.
    Gate {
        /// The unmet requirement.
        #[schemars(with = "String")]
        requires: Requirement,
        /// The gate's reason.
        reason: String,
    },
    /// A gate's requirements hold, but the plan brought them about out of the order the gate
    /// lists them in (`in_order`).
    GateOrder {
        /// The gate's requirements, in the order they must come true.
        #[schemars(with = "Vec<String>")]
        requires: Vec<Requirement>,
        /// The gate's reason.
        reason: String,
    },
    /// The hop would break a compatibility entry that the start did not break.
    Compatibility {
        /// The entry's `when`.
        #[schemars(with = "String")]
        when: Requirement,
        /// The entry's `requires`.
        #[schemars(with = "String")]
        requires: Requirement,
    },
}

/// One way forward from a furthest state, and what stops it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Blocker {
    /// The product that would move.
    pub product: Product,
    /// Its version now.
    pub from: Version,
    /// The version it would move to.
    pub to: Version,
    /// What stops it.
    pub obstacle: Obstacle,
}
