package dev.flasksession.jaxrs;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.RequestScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The form bodies {@link CsrfFilter} kept in this request, deleted when the request ends: a resource that never
 * reads its body, or a request a later filter aborts, still leaves no temporary file behind.
 */
@RequestScoped
public class KeptBodies {
    private final List<FormBody> bodies = new ArrayList<>();

    synchronized void add(FormBody body) {
        bodies.add(body);
    }

    @PreDestroy
    synchronized void discard() {
        bodies.forEach(FormBody::discard);
        bodies.clear();
    }
}
