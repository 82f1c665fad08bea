package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The migration story, in a real browser: sign in with Flask-Login on the Flask companion app
 * (examples/flask-companion) with "remember me", see the same user on the Java demo, still see it there once the
 * session cookie is deleted (the remember cookie signs the user in again), sign out on the Java side, and see the
 * Flask side signed out. Cookies belong to the host,
 * not the port, so the one browser session spans both.
 */
class CompanionInBrowserTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"securecookie", "redis"})
    void oneSignInSpansFlaskAndJava(String type) throws Exception {
        RedisServer redis = type.equals("redis") ? RedisServer.start("companion") : null;
        try {
            Map<String, String> env = new HashMap<>(Map.of("SECRET_KEY", "companion-secret-key-0123456789"));
            if (redis != null) {
                env.put("SESSION_TYPE", "redis");
                env.put("SESSION_REDIS", redis.url());
            }
            try (ServerProcess java = ServerProcess.java("companion-java-" + type, env);
                 ServerProcess flask = ServerProcess.python("companion-flask-" + type,
                         Path.of(ServerProcess.property("flasksession.examples.dir"), "flask-companion", "app.py"),
                         "/ping", env)) {
                WebDriver driver = DemoInBrowserTest.chromium();
                try {
                    driver.get(flask.url("/"));
                    assertEquals("You are not signed in.", DemoInBrowserTest.awaitText(driver, "status", "You are not signed in."));
                    driver.findElement(By.id("username")).sendKeys("ann");
                    driver.findElement(By.id("remember")).click();
                    driver.findElement(By.id("sign-in")).click();
                    assertEquals("ann", DemoInBrowserTest.awaitText(driver, "user", "ann"), "signed in on Flask");
                    assertNotNull(driver.manage().getCookieNamed("remember_token"), "Flask-Login's remember cookie");

                    driver.get(java.url("/"));
                    assertEquals("ann", DemoInBrowserTest.awaitText(driver, "user", "ann"), "the Java demo sees the same user");

                    driver.manage().deleteCookieNamed("session");
                    driver.get(java.url("/"));
                    assertEquals("ann", DemoInBrowserTest.awaitText(driver, "user", "ann"),
                            "with the session cookie gone, the remember cookie signs the user in on the Java side");

                    driver.findElement(By.id("sign-out")).click();
                    assertEquals("You are signed out.", DemoInBrowserTest.awaitText(driver, "status", "You are signed out."));

                    driver.get(flask.url("/"));
                    assertEquals("You are not signed in.", DemoInBrowserTest.awaitText(driver, "status", "You are not signed in."),
                            "signing out on the Java side signs out on Flask too");
                    assertNull(driver.manage().getCookieNamed("remember_token"), "the sign-out deleted the remember cookie");
                } finally {
                    driver.quit();
                }
            }
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    /**
     * Issue 21's form: a Flask page renders a Flask-WTF form whose handler is the Java service; the Java side checks
     * the token against the shared session, flashes "Saved" and redirects to the Flask page, which shows the message
     * once and the saved note. A post whose token was tampered with is refused with Flask-WTF's reason.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"securecookie", "redis"})
    void aFlaskFormPostsToJavaWhichFlashesSaved(String type) throws Exception {
        RedisServer redis = type.equals("redis") ? RedisServer.start("companion-form") : null;
        try {
            Map<String, String> env = new HashMap<>(Map.of("SECRET_KEY", "companion-secret-key-0123456789"));
            if (redis != null) {
                env.put("SESSION_TYPE", "redis");
                env.put("SESSION_REDIS", redis.url());
            }
            try (ServerProcess java = ServerProcess.java("companion-form-java-" + type, env)) {
                env.put("JAVA_URL", java.url("/"));
                try (ServerProcess flask = ServerProcess.python("companion-form-flask-" + type,
                        Path.of(ServerProcess.property("flasksession.examples.dir"), "flask-companion", "app.py"),
                        "/ping", env)) {
                    WebDriver driver = DemoInBrowserTest.chromium();
                    try {
                        driver.get(flask.url("/notes"));
                        driver.findElement(By.id("note-text")).sendKeys("buy milk");
                        driver.findElement(By.id("save")).click();
                        assertEquals("Saved", DemoInBrowserTest.awaitText(driver, "flashes", "Saved"),
                                "Java's flash, shown by the Flask page it redirected to");
                        assertEquals(flask.url("/notes"), driver.getCurrentUrl());
                        assertEquals("buy milk", driver.findElement(By.id("note")).getText());
                        driver.navigate().refresh();
                        DemoInBrowserTest.awaitText(driver, "note", "buy milk");
                        assertEquals(0, driver.findElements(By.id("flashes")).size(), "shown once");

                        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                                "document.querySelector('input[name=csrf_token]').value += 'x'");
                        driver.findElement(By.id("save")).click();
                        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                        while (!driver.getPageSource().contains("The CSRF token is invalid.")
                                && System.nanoTime() < deadline) {
                            ServerProcess.sleep(50);
                        }
                        assertEquals(true, driver.getPageSource().contains("The CSRF token is invalid."),
                                driver.getPageSource());
                    } finally {
                        driver.quit();
                    }
                }
            }
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }
}
