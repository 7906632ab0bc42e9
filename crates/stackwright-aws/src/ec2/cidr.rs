//! IPv4 CIDR blocks and the subnet allocation of a VPC, done at synthesis exactly as the AWS
//! CDK's `IpAddresses.cidr` does it: subnets with a mask are laid out first, in the order they
//! are requested, each at the next address aligned to its size; the subnets without a mask then
//! share what remains, with the largest power-of-two size that lets each get an equal part.

use std::fmt;

/// The smallest and largest subnet masks AWS accepts in a VPC (also the VPC's own limits).
pub(crate) const MIN_MASK: u8 = 16;
pub(crate) const MAX_MASK: u8 = 28;

/// An IPv4 CIDR block, `a.b.c.d/m`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ipv4Cidr {
    address: u32,
    mask: u8,
}

impl Ipv4Cidr {
    /// Parses `a.b.c.d/m`: four decimal octets up to 255 and a mask up to 32.
    pub(crate) fn parse(text: &str) -> Result<Ipv4Cidr, String> {
        let malformed = || format!("{text:?} is not an IPv4 CIDR block (a.b.c.d/m)");
        let (ip, mask) = text.split_once('/').ok_or_else(malformed)?;
        let mask = parse_decimal(mask)
            .filter(|m| *m <= 32)
            .ok_or_else(malformed)?;
        let octets: Vec<Option<u32>> = ip.split('.').map(parse_decimal).collect();
        let [Some(a), Some(b), Some(c), Some(d)] = octets[..] else {
            return Err(malformed());
        };
        if [a, b, c, d].iter().any(|o| *o > 255) {
            return Err(malformed());
        }
        Ok(Ipv4Cidr {
            address: a << 24 | b << 16 | c << 8 | d,
            mask: u8::try_from(mask).map_err(|_| malformed())?,
        })
    }

    /// The prefix length.
    pub(crate) fn mask(self) -> u8 {
        self.mask
    }

    /// The number of addresses.
    pub(crate) fn size(self) -> u64 {
        block_size(self.mask)
    }

    /// The first address (host bits cleared).
    pub(crate) fn first(self) -> u64 {
        u64::from(self.address) / self.size() * self.size()
    }

    /// The last address.
    pub(crate) fn last(self) -> u64 {
        self.first() + self.size() - 1
    }

    /// The same block with the host bits cleared (`10.0.0.5/24` → `10.0.0.0/24`).
    pub(crate) fn network(self) -> Ipv4Cidr {
        Ipv4Cidr {
            address: u32::try_from(self.first()).unwrap_or(u32::MAX),
            mask: self.mask,
        }
    }

    /// True when the address has host bits set.
    pub(crate) fn has_host_bits(self) -> bool {
        u64::from(self.address) != self.first()
    }
}

impl fmt::Display for Ipv4Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d] = self.address.to_be_bytes();
        write!(f, "{a}.{b}.{c}.{d}/{}", self.mask)
    }
}

fn parse_decimal(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 3 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn block_size(mask: u8) -> u64 {
    1u64 << (32 - u32::from(mask.min(32)))
}

/// A subnet asked of the allocator: its mask, if it has one, and a name for messages.
#[derive(Debug, Clone)]
pub(crate) struct SubnetRequest {
    pub(crate) mask: Option<u8>,
    pub(crate) name: String,
}

/// Lays out `requests` in `network` as the CDK does, returning one block per request in the
/// order of the requests, or every reason it cannot.
pub(crate) fn allocate(
    network: Ipv4Cidr,
    requests: &[SubnetRequest],
) -> Result<Vec<Ipv4Cidr>, Vec<String>> {
    let mut builder = NetworkBuilder::new(network);
    let mut blocks: Vec<Option<Ipv4Cidr>> = vec![None; requests.len()];
    let mut problems = Vec::new();
    for (i, request) in requests.iter().enumerate() {
        if let Some(mask) = request.mask {
            match builder.add_subnet(mask, &request.name) {
                Ok(block) => blocks[i] = Some(block),
                Err(problem) => {
                    problems.push(problem);
                    break;
                }
            }
        }
    }
    let unmasked: Vec<usize> = (0..requests.len())
        .filter(|i| requests[*i].mask.is_none())
        .collect();
    if problems.is_empty() && !unmasked.is_empty() {
        match builder.mask_for_remaining(unmasked.len()) {
            Ok(mask) => {
                for i in unmasked {
                    match builder.add_subnet(mask, &requests[i].name) {
                        Ok(block) => blocks[i] = Some(block),
                        Err(problem) => {
                            problems.push(problem);
                            break;
                        }
                    }
                }
            }
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        Ok(blocks.into_iter().flatten().collect())
    } else {
        Err(problems)
    }
}

/// Hands out consecutive, aligned blocks of a network.
struct NetworkBuilder {
    network: Ipv4Cidr,
    next: u64,
}

impl NetworkBuilder {
    fn new(network: Ipv4Cidr) -> Self {
        NetworkBuilder {
            network,
            next: network.first(),
        }
    }

    /// The next block of `mask`, aligned to its size.
    fn add_subnet(&mut self, mask: u8, name: &str) -> Result<Ipv4Cidr, String> {
        if !(MIN_MASK..=MAX_MASK).contains(&mask) {
            return Err(format!(
                "subnet {name} asks for a /{mask} block; subnet masks must be between /{MIN_MASK} and /{MAX_MASK}"
            ));
        }
        let size = block_size(mask);
        if self.next + size - 1 > self.network.last() {
            let remaining = (self.network.last() + 1).saturating_sub(self.next);
            return Err(format!(
                "subnet {name} (/{mask}, {size} addresses) does not fit in {}: {remaining} of its {} addresses remain",
                self.network.network(),
                self.network.size()
            ));
        }
        let start = self.next.div_ceil(size) * size;
        self.next = start + size;
        Ok(Ipv4Cidr {
            address: u32::try_from(start).unwrap_or(u32::MAX),
            mask,
        })
    }

    /// The mask that gives each of `count` subnets an equal power-of-two share of what remains.
    fn mask_for_remaining(&self, count: usize) -> Result<u8, String> {
        let remaining = (self.network.last() + 1).saturating_sub(self.next);
        let count = u64::try_from(count).unwrap_or(u64::MAX);
        let share = remaining / count;
        let fits = share >= block_size(MAX_MASK);
        if !fits {
            return Err(format!(
                "{} cannot hold {count} more subnets (those without a cidr mask): {remaining} addresses remain, and each subnet needs at least {} (a /{MAX_MASK})",
                self.network.network(),
                block_size(MAX_MASK)
            ));
        }
        // floor(log2(share)); the network is at most a /16, so the mask is at least /16.
        let bits = 63 - share.leading_zeros();
        Ok(u8::try_from(32u32.saturating_sub(bits)).unwrap_or(MIN_MASK))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(network: &str, masks: &[Option<u8>]) -> Result<Vec<String>, Vec<String>> {
        let requests: Vec<SubnetRequest> = masks
            .iter()
            .enumerate()
            .map(|(i, mask)| SubnetRequest {
                mask: *mask,
                name: format!("S{i}"),
            })
            .collect();
        allocate(Ipv4Cidr::parse(network).unwrap(), &requests)
            .map(|b| b.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn cidrs_parse_strictly() {
        assert_eq!(
            Ipv4Cidr::parse("10.20.0.0/24").unwrap().to_string(),
            "10.20.0.0/24"
        );
        let host = Ipv4Cidr::parse("10.20.0.5/24").unwrap();
        assert!(host.has_host_bits());
        assert_eq!(host.network().to_string(), "10.20.0.0/24");
        for bad in [
            "10.0.0.0",
            "10.0.0/16",
            "10.0.0.256/16",
            "10.0.0.0/33",
            "a.b.c.d/16",
            "10.0.0.0/",
            "10.0.0.0/1a",
            " 10.0.0.0/16",
            "10.0.0.0.0/16",
            "-1.0.0.0/16",
        ] {
            assert!(Ipv4Cidr::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn masked_subnets_first_then_the_rest_shared_equally() {
        // The reference data lake: /24, three public and three private /27.
        assert_eq!(
            blocks("10.20.0.0/24", &[Some(27); 6]).unwrap(),
            [
                "10.20.0.0/27",
                "10.20.0.32/27",
                "10.20.0.64/27",
                "10.20.0.96/27",
                "10.20.0.128/27",
                "10.20.0.160/27"
            ]
        );
        // The CDK's default VPC over three zones: six /19.
        assert_eq!(
            blocks("10.0.0.0/16", &[None; 6]).unwrap()[5],
            "10.0.160.0/19"
        );
        // Masked groups before unmasked ones, whatever their order; unaligned starts round up.
        let mixed = [
            Some(24),
            Some(24),
            Some(24),
            None,
            None,
            None,
            Some(28),
            Some(28),
            Some(28),
        ];
        assert_eq!(
            blocks("10.1.0.0/20", &mixed).unwrap(),
            [
                "10.1.0.0/24",
                "10.1.1.0/24",
                "10.1.2.0/24",
                "10.1.4.0/22",
                "10.1.8.0/22",
                "10.1.12.0/22",
                "10.1.3.0/28",
                "10.1.3.16/28",
                "10.1.3.32/28"
            ]
        );
    }

    #[test]
    fn what_does_not_fit_is_an_error() {
        assert!(blocks("10.0.0.0/24", &[Some(22)]).unwrap_err()[0].contains("does not fit"));
        assert!(blocks("10.0.0.0/24", &[Some(29)]).unwrap_err()[0].contains("between /16 and /28"));
        assert!(blocks("10.0.0.0/24", &[Some(25); 3]).unwrap_err()[0].contains("S2 (/25"));
        let err = blocks("10.0.0.0/24", &[None; 17]).unwrap_err();
        assert!(err[0].contains("cannot hold 17 more subnets"), "{err:?}");
        assert_eq!(blocks("10.0.0.0/24", &[None; 16]).unwrap().len(), 16);
    }
}
