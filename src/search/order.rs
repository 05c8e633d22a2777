//! The documented product order: a found path reordered so that, where two adjacent hops of
//! different products could go either way, MCR's come before MKE's before MSR's.

use super::{Edge, Search, Slots};

impl Search<'_> {
    /// Reorders a found path so that, where two adjacent hops of different products could go
    /// either way, the earlier product in the documented order (MCR, MKE, MSR) goes first.
    /// The order is the vendor's rule, so it wins over the recommendations' cost; the hop
    /// count never changes. Each swap removes one inversion, so this ends.
    pub(super) fn canonical_order(&self, mut path: Vec<(Slots, Edge)>) -> Vec<(Slots, Edge)> {
        let mut changed = true;
        while changed {
            changed = false;
            for first in 0..path.len() {
                let Some(tail @ [(_, earlier), (_, later), ..]) = path.get(first..) else {
                    continue;
                };
                if later.product >= earlier.product {
                    continue;
                }
                if let Some(changes) = self.swap_changes(tail) {
                    // The changes replace as many hops of the tail as they hold.
                    let end = first.saturating_add(changes.len());
                    path.splice(first..end, changes);
                    changed = true;
                }
            }
        }
        path
    }

    /// The hops of `tail` (a path from some hop on), with its first two hops swapped, up to
    /// where the path's states are the same again; `None` when a hop is then no longer
    /// allowed (a swap can break an ordered gate's sequence for a later hop). Once the state
    /// after the swapped pair is the one the path had there, ordered gates included, the rest
    /// is unchanged.
    pub(super) fn swap_changes(&self, tail: &[(Slots, Edge)]) -> Option<Vec<(Slots, Edge)>> {
        let [(start, first), (_, second), rest @ ..] = tail else {
            return None;
        };
        let mut changes = Vec::with_capacity(2);
        let mut state = *start;
        let hops = [second, first]
            .into_iter()
            .chain(rest.iter().map(|(_, edge)| edge));
        let states_before = tail.iter().map(|(before, _)| before);
        for (offset, (edge, before)) in hops.zip(states_before).enumerate() {
            if offset >= 2 && *before == state {
                break;
            }
            let checked = self.edge(&state, edge.product, edge.to, edge.rule)?;
            let next = self.after(&state, &checked);
            changes.push((state, checked));
            state = next;
        }
        Some(changes)
    }
}
