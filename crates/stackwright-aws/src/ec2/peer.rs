//! `Peer`: the other side of a security-group rule.

use std::net::Ipv6Addr;

use stackwright_core::{logical_id, Scope, Val};

use super::cidr::Ipv4Cidr;
use super::security_group::SecurityGroup;

/// The other side of a security-group rule: an IPv4 or IPv6 block, a prefix list, a security
/// group by id, or a security group of the app.
#[derive(Debug, Clone, PartialEq)]
pub struct Peer {
    kind: PeerKind,
}

#[derive(Debug, Clone, PartialEq)]
enum PeerKind {
    Ipv4(Val<String>),
    Ipv6(Val<String>),
    PrefixList(Val<String>),
    SecurityGroupId {
        id: Val<String>,
        owner: Option<Val<String>>,
    },
    SecurityGroup(SecurityGroup),
}

/// Where a rule points, as the fields of an ingress or egress rule.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct RuleTarget {
    pub(crate) cidr_ip: Option<Val<String>>,
    pub(crate) cidr_ipv6: Option<Val<String>>,
    pub(crate) prefix_list_id: Option<Val<String>>,
    pub(crate) security_group_id: Option<Val<String>>,
    pub(crate) security_group_owner_id: Option<Val<String>>,
}

impl Peer {
    /// An IPv4 block, `a.b.c.d/m` (or a value such as the VPC's CIDR block).
    pub fn ipv4(cidr: impl Into<Val<String>>) -> Self {
        Peer {
            kind: PeerKind::Ipv4(cidr.into()),
        }
    }

    /// Any IPv4 address, `0.0.0.0/0`.
    pub fn any_ipv4() -> Self {
        Self::ipv4("0.0.0.0/0")
    }

    /// An IPv6 block, `x:x::/m`.
    pub fn ipv6(cidr: impl Into<Val<String>>) -> Self {
        Peer {
            kind: PeerKind::Ipv6(cidr.into()),
        }
    }

    /// Any IPv6 address, `::/0`.
    pub fn any_ipv6() -> Self {
        Self::ipv6("::/0")
    }

    /// A managed prefix list (`pl-...`).
    pub fn prefix_list(id: impl Into<Val<String>>) -> Self {
        Peer {
            kind: PeerKind::PrefixList(id.into()),
        }
    }

    /// A security group by id (`sg-...`), optionally of another account.
    pub fn security_group_id(id: impl Into<Val<String>>, owner_account: Option<&str>) -> Self {
        Peer {
            kind: PeerKind::SecurityGroupId {
                id: id.into(),
                owner: owner_account.map(Val::from),
            },
        }
    }

    /// A security group of the app (rules then become separate resources, as in the CDK).
    pub fn security_group(group: &SecurityGroup) -> Self {
        Peer {
            kind: PeerKind::SecurityGroup(group.clone()),
        }
    }

    /// Whether a rule with this peer can be written inside the security group (the CDK writes
    /// rules naming a security group of the app as separate resources).
    pub(crate) fn can_inline(&self) -> bool {
        !matches!(
            self.kind,
            PeerKind::PrefixList(_) | PeerKind::SecurityGroup(_)
        )
    }

    /// The peer's id in rule ids and default descriptions: the block, the id, or the unique id
    /// of the security group's construct path.
    pub(crate) fn unique_id(&self) -> Val<String> {
        match &self.kind {
            PeerKind::Ipv4(v) | PeerKind::Ipv6(v) | PeerKind::PrefixList(v) => v.clone(),
            PeerKind::SecurityGroupId { id, .. } => id.clone(),
            PeerKind::SecurityGroup(group) => Val::from(node_unique_id(group)),
        }
    }

    /// True for an IPv6 block.
    pub(crate) fn is_ipv6(&self) -> bool {
        matches!(self.kind, PeerKind::Ipv6(_))
    }

    /// The fields of an ingress rule from this peer.
    pub(crate) fn ingress_target(&self) -> RuleTarget {
        match &self.kind {
            PeerKind::SecurityGroupId { id, owner } => RuleTarget {
                security_group_id: Some(id.clone()),
                security_group_owner_id: owner.clone(),
                ..RuleTarget::default()
            },
            _ => self.egress_target(),
        }
    }

    /// The fields of an egress rule to this peer.
    pub(crate) fn egress_target(&self) -> RuleTarget {
        let mut target = RuleTarget::default();
        match &self.kind {
            PeerKind::Ipv4(v) => target.cidr_ip = Some(v.clone()),
            PeerKind::Ipv6(v) => target.cidr_ipv6 = Some(v.clone()),
            PeerKind::PrefixList(v) => target.prefix_list_id = Some(v.clone()),
            PeerKind::SecurityGroupId { id, .. } => target.security_group_id = Some(id.clone()),
            PeerKind::SecurityGroup(group) => {
                target.security_group_id = Some(group.security_group_id());
            }
        }
        target
    }

    /// What is wrong with a literal peer, if anything.
    pub(crate) fn problem(&self) -> Option<String> {
        let literal = |v: &Val<String>| v.as_value().as_str().map(str::to_owned);
        match &self.kind {
            PeerKind::Ipv4(v) => literal(v).and_then(|cidr| {
                Ipv4Cidr::parse(&cidr)
                    .err()
                    .map(|e| format!("invalid IPv4 peer: {e}"))
            }),
            PeerKind::Ipv6(v) => literal(v).and_then(|cidr| check_ipv6(&cidr).err()),
            PeerKind::PrefixList(_) | PeerKind::SecurityGroup(_) => None,
            PeerKind::SecurityGroupId { id, owner } => {
                let bad_id = literal(id).filter(|id| !is_security_group_id(id));
                let bad_owner = owner
                    .as_ref()
                    .and_then(literal)
                    .filter(|o| o.len() != 12 || !o.bytes().all(|b| b.is_ascii_digit()));
                match (bad_id, bad_owner) {
                    (Some(id), _) => Some(format!(
                        "invalid security group id {id:?}: expected sg- and 8 to 17 lowercase letters or digits"
                    )),
                    (None, Some(owner)) => Some(format!(
                        "invalid security group owner {owner:?}: expected a 12-digit account id"
                    )),
                    (None, None) => None,
                }
            }
        }
    }
}

impl From<&SecurityGroup> for Peer {
    fn from(group: &SecurityGroup) -> Self {
        Peer::security_group(group)
    }
}

/// The CDK's `Names.nodeUniqueId`: the logical-id algorithm over the whole construct path.
pub(crate) fn node_unique_id(scope: &impl Scope) -> String {
    let path = scope.node().path();
    let components: Vec<&str> = path.split('/').collect();
    logical_id::make_unique_id(&components)
}

fn is_security_group_id(id: &str) -> bool {
    id.strip_prefix("sg-").is_some_and(|rest| {
        (8..=17).contains(&rest.len())
            && rest
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    })
}

fn check_ipv6(cidr: &str) -> Result<(), String> {
    let valid = cidr.split_once('/').is_some_and(|(address, mask)| {
        address.parse::<Ipv6Addr>().is_ok()
            && !mask.is_empty()
            && mask.len() <= 3
            && mask.bytes().all(|b| b.is_ascii_digit())
            && mask.parse::<u8>().is_ok_and(|m| m <= 128)
    });
    if valid {
        Ok(())
    } else {
        Err(format!(
            "invalid IPv6 peer: {cidr:?} is not an IPv6 CIDR block (x:x::x/m)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_peers_are_checked() {
        assert!(Peer::ipv4("10.0.0.0/8").problem().is_none());
        assert!(Peer::ipv4("10.0.0.0").problem().is_some());
        assert!(Peer::ipv6("2001:db8::/32").problem().is_none());
        assert!(Peer::ipv6("2001:db8::").problem().is_some());
        assert!(
            Peer::security_group_id("sg-0123456789abcdef0", Some("222222222222"))
                .problem()
                .is_none()
        );
        assert!(Peer::security_group_id("sg-1", None).problem().is_some());
        assert!(Peer::security_group_id("sg-12345678", Some("12"))
            .problem()
            .is_some());
    }
}
