package dev.multiproc.internal.manager.served;

import java.util.ArrayList;
import java.util.List;

/** What a list proxy calls on the server: a list, and a copy of it in one call. */
public interface ListOps<E> extends List<E> {
    ArrayList<E> snapshot();
}
