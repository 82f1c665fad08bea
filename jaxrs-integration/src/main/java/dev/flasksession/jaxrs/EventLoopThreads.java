package dev.flasksession.jaxrs;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Tells whether the current thread is a Vert.x event loop, where nothing may block. Quarkus REST runs pre-matching
 * filters there even for blocking resources (quarkus #32700), so the session filter must not read a store on it.
 * Vert.x is looked up by reflection: on every other runtime it is absent and the answer is always no.
 */
final class EventLoopThreads {
    private static final MethodHandle ON_EVENT_LOOP = find();

    private EventLoopThreads() {
    }

    private static MethodHandle find() {
        try {
            Class<?> context = Class.forName("io.vertx.core.Context", false, EventLoopThreads.class.getClassLoader());
            return MethodHandles.publicLookup().findStatic(context, "isOnEventLoopThread",
                    MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /** @return whether this thread is a Vert.x event loop */
    static boolean current() {
        if (ON_EVENT_LOOP == null) {
            return false;
        }
        try {
            return (boolean) ON_EVENT_LOOP.invokeExact();
        } catch (Throwable e) {
            return false;
        }
    }
}
