package dev.flasksession.it;

import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;
import jakarta.servlet.ServletContext;

/**
 * With {@code SLOW_DEPLOYMENT_MILLIS} set, makes the servlet deployment that long, as a loaded machine does. The
 * embedded server opens its port before this step, so a test can send requests while the port is open but the
 * application is not deployed yet. Undertow loads servlet extensions as services while it deploys.
 */
public class SlowDeployment implements ServletExtension {
    @Override
    public void handleDeployment(DeploymentInfo deploymentInfo, ServletContext servletContext) {
        String millis = System.getenv("SLOW_DEPLOYMENT_MILLIS");
        if (millis != null) {
            try {
                Thread.sleep(Long.parseLong(millis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
