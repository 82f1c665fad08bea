package dev.flasksession.sample;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The JAX-RS application; in a WAR the server finds the resources and the library's providers by scanning. */
@ApplicationPath("/")
public class SampleApplication extends Application {
}
