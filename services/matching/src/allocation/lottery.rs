//! The lottery that breaks ties in priority: each shop's ticket is the first 8 bytes of
//! SHA-256(seed, shop id), so anyone holding the published seed can recompute every ticket,
//! and no ticket depends on who else applied or in which order.

use sha2::{Digest, Sha256};

pub fn lottery_ticket(seed: &str, shop: uuid::Uuid) -> u64 {
    let mut hasher = Sha256::new();
    hasher.update(seed.as_bytes());
    hasher.update([0u8]);
    hasher.update(shop.as_bytes());
    let digest = hasher.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tickets_depend_on_seed_and_shop_only() {
        let shop = uuid::Uuid::from_u128(7);
        assert_eq!(
            lottery_ticket("2026-bando-1", shop),
            lottery_ticket("2026-bando-1", shop)
        );
        assert_ne!(
            lottery_ticket("2026-bando-1", shop),
            lottery_ticket("2026-bando-2", shop)
        );
        assert_ne!(
            lottery_ticket("2026-bando-1", shop),
            lottery_ticket("2026-bando-1", uuid::Uuid::from_u128(8))
        );
    }
}
