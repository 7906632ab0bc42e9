//! `Port`: the protocol and port range of a security-group rule.

use std::fmt;

/// A protocol and port range of a security-group rule, with the label the CDK uses in rule ids
/// and default descriptions (`443`, `1000-2000`, `UDP 53`, `ALL TRAFFIC`...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Port {
    protocol: &'static str,
    from_port: Option<i64>,
    to_port: Option<i64>,
    label: String,
}

impl Port {
    fn new(protocol: &'static str, range: Option<(i64, i64)>, label: String) -> Self {
        Port {
            protocol,
            from_port: range.map(|r| r.0),
            to_port: range.map(|r| r.1),
            label,
        }
    }

    /// One TCP port.
    pub fn tcp(port: u16) -> Self {
        Self::new("tcp", Some((port.into(), port.into())), port.to_string())
    }

    /// A range of TCP ports, both ends included.
    pub fn tcp_range(first: u16, last: u16) -> Self {
        Self::new(
            "tcp",
            Some((first.into(), last.into())),
            format!("{first}-{last}"),
        )
    }

    /// Every TCP port.
    pub fn all_tcp() -> Self {
        Self::new("tcp", Some((0, 65535)), "ALL PORTS".into())
    }

    /// One UDP port.
    pub fn udp(port: u16) -> Self {
        Self::new(
            "udp",
            Some((port.into(), port.into())),
            format!("UDP {port}"),
        )
    }

    /// A range of UDP ports, both ends included.
    pub fn udp_range(first: u16, last: u16) -> Self {
        Self::new(
            "udp",
            Some((first.into(), last.into())),
            format!("UDP {first}-{last}"),
        )
    }

    /// Every UDP port.
    pub fn all_udp() -> Self {
        Self::new("udp", Some((0, 65535)), "UDP ALL PORTS".into())
    }

    /// ICMP messages of one type and code (0 to 255 each).
    pub fn icmp_type_and_code(icmp_type: u8, code: u8) -> Self {
        Self::new(
            "icmp",
            Some((icmp_type.into(), code.into())),
            format!("ICMP Type {icmp_type} Code {code}"),
        )
    }

    /// ICMP messages of one type, any code.
    pub fn icmp_type(icmp_type: u8) -> Self {
        Self::new(
            "icmp",
            Some((icmp_type.into(), -1)),
            format!("ICMP Type {icmp_type}"),
        )
    }

    /// ICMP echo requests (ping).
    pub fn icmp_ping() -> Self {
        Self::icmp_type(8)
    }

    /// Every ICMP message.
    pub fn all_icmp() -> Self {
        Self::new("icmp", Some((-1, -1)), "ALL ICMP".into())
    }

    /// Every ICMPv6 message.
    pub fn all_icmp_v6() -> Self {
        Self::new("icmpv6", Some((-1, -1)), "ALL ICMPv6".into())
    }

    /// Every protocol and port.
    pub fn all_traffic() -> Self {
        Self::new("-1", None, "ALL TRAFFIC".into())
    }

    /// SSH (TCP 22).
    pub fn ssh() -> Self {
        Self::tcp(22)
    }

    /// HTTP (TCP 80).
    pub fn http() -> Self {
        Self::tcp(80)
    }

    /// HTTPS (TCP 443).
    pub fn https() -> Self {
        Self::tcp(443)
    }

    /// PostgreSQL (TCP 5432).
    pub fn postgres() -> Self {
        Self::tcp(5432)
    }

    /// MySQL and Aurora MySQL (TCP 3306).
    pub fn mysql_aurora() -> Self {
        Self::tcp(3306)
    }

    /// The `IpProtocol` of the rule (`tcp`, `udp`, `icmp`, `icmpv6`, `-1`).
    pub fn protocol(&self) -> &str {
        self.protocol
    }

    /// The first port (the ICMP type); none for all traffic.
    pub fn from_port(&self) -> Option<i64> {
        self.from_port
    }

    /// The last port (the ICMP code); none for all traffic.
    pub fn to_port(&self) -> Option<i64> {
        self.to_port
    }

    /// What is wrong with the port, if anything (an empty range).
    pub(crate) fn problem(&self) -> Option<String> {
        match (self.protocol, self.from_port, self.to_port) {
            ("tcp" | "udp", Some(first), Some(last)) if first > last => Some(format!(
                "the port range {first}-{last} is empty: the first port must not be above the last"
            )),
            _ => None,
        }
    }
}

impl fmt::Display for Port {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}
