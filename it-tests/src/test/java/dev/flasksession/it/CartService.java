package dev.flasksession.it;

import dev.flasksession.session.FlaskSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** An application-scoped service, not a resource, that uses the request's session through injection. */
@ApplicationScoped
public class CartService {
    @Inject
    FlaskSession session;

    /**
     * @param sku the item to add
     * @return how many of it the cart holds now
     */
    public int add(String sku) {
        return (Integer) session.merge("cart:" + sku, 1, (a, b) -> (Integer) a + (Integer) b);
    }
}
