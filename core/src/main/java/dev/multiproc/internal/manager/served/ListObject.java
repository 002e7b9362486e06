package dev.multiproc.internal.manager.served;

import java.util.ArrayList;
import java.util.Collection;

/** The server's list, called one caller at a time. */
final class ListObject<E> extends ArrayList<E> implements ListOps<E> {
    private static final long serialVersionUID = 1L;

    ListObject(Collection<? extends E> initial) {
        super(initial);
    }

    @Override
    public ArrayList<E> snapshot() {
        return new ArrayList<>(this);
    }
}
