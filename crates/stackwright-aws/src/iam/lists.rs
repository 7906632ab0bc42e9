//! Growing the short lists of statements, documents and roles without spare room.
//!
//! A `Vec` that grows from empty reserves room for four items, and most lists here (the
//! statements of a default policy, the actions and resources of a grant, the principal of a trust
//! policy) keep one or two: an app of thousands of roles would hold megabytes of empty slots.

/// Appends `items`; an empty list gets exactly the room they need (later growth is as usual).
pub(crate) fn extend_exact<T>(list: &mut Vec<T>, items: impl IntoIterator<Item = T>) {
    let items = items.into_iter();
    if list.capacity() == 0 {
        list.reserve_exact(items.size_hint().0);
    }
    list.extend(items);
}

/// Appends `item`; an empty list gets room for it alone.
pub(crate) fn push_exact<T>(list: &mut Vec<T>, item: T) {
    if list.capacity() == 0 {
        list.reserve_exact(1);
    }
    list.push(item);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_list_gets_exactly_the_room_it_needs_and_grows_as_usual_after() {
        let mut list = Vec::new();
        push_exact(&mut list, 1);
        assert_eq!((list.len(), list.capacity()), (1, 1));
        extend_exact(&mut list, [2, 3]);
        assert_eq!(list, [1, 2, 3]);
        let mut two = Vec::new();
        extend_exact(&mut two, ["a", "b"]);
        assert_eq!((two.len(), two.capacity()), (2, 2));
    }
}
