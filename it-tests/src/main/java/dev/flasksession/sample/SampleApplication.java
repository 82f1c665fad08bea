package dev.flasksession.sample;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The JAX-RS application of the sample WARs: the server finds the resources and the library's providers by scanning.
 * It must not override {@code getClasses()}, even to return an empty set: TomEE takes any override as a list and
 * then scans for nothing.
 */
@ApplicationPath("/")
public class SampleApplication extends Application {
}
