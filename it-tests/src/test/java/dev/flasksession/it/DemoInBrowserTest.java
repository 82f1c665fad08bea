package dev.flasksession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** The demo's page in a real headless Chromium: the counter, sign-in, the HttpOnly cookie, sign-out. */
class DemoInBrowserTest {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    static WebDriver chromium() throws IOException {
        for (String tool : new String[] {CHROMIUM, CHROMEDRIVER}) {
            if (!Files.isExecutable(Path.of(tool))) {
                throw new AssertionError(tool + " is missing: the browser test runs Debian's Chromium. "
                        + "Install it with: apt-get install -y chromium chromium-driver");
            }
        }
        Path profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
                "--no-first-run", "--window-size=1024,768", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    /**
     * A click that submits a form returns before the next page may be there: polls, up to 10 s, until the element
     * shows the expected text.
     *
     * @param driver   the browser
     * @param id       an element id
     * @param expected the text to wait for
     * @return the element's last text seen (the expected one, unless the wait ran out), or {@code null}
     */
    static String awaitText(WebDriver driver, String id, String expected) {
        String last = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        do {
            try {
                last = driver.findElement(By.id(id)).getText();
                if (expected.equals(last)) {
                    return last;
                }
            } catch (org.openqa.selenium.WebDriverException e) {
                // The next page is still loading: the element is missing, stale, or (Chromium says so too) its node
                // no longer belongs to the document.
            }
            ServerProcess.sleep(50);
        } while (System.nanoTime() < deadline);
        return last;
    }

    private static int visits(WebDriver driver) {
        return Integer.parseInt(driver.findElement(By.id("visits")).getText());
    }

    @Test
    void signInCountVisitsAndSignOut() throws IOException {
        try (ServerProcess demo = ServerProcess.java("browser-demo", Map.of("SECRET_KEY", "browser-test-secret-0123"))) {
            WebDriver driver = chromium();
            try {
                String home = demo.url("/");
                driver.get(home);
                assertEquals(1, visits(driver));
                driver.navigate().refresh();
                assertEquals(2, visits(driver));

                driver.findElement(By.id("username")).sendKeys("ann");
                driver.findElement(By.id("sign-in")).click();
                assertEquals("ann", awaitText(driver, "user", "ann"));
                int signedIn = visits(driver);
                assertEquals(3, signedIn);
                driver.navigate().refresh();
                assertEquals(signedIn + 1, visits(driver), "the counter goes on across reloads");

                Cookie cookie = driver.manage().getCookieNamed("session");
                assertNotNull(cookie, "the browser holds the session cookie");
                assertTrue(cookie.isHttpOnly());
                String script = (String) ((JavascriptExecutor) driver).executeScript("return document.cookie;");
                assertFalse(script.contains("session="), "scripts cannot read the HttpOnly cookie: " + script);

                File shot = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE);
                Path saved = Path.of(ServerProcess.property("flasksession.screenshots.dir"), "demo-signed-in.png");
                Files.copy(shot.toPath(), saved, StandardCopyOption.REPLACE_EXISTING);
                assertTrue(Files.size(saved) > 1000);

                driver.findElement(By.id("sign-out")).click();
                assertEquals("You are signed out.", awaitText(driver, "status", "You are signed out."));
                assertNull(driver.manage().getCookieNamed("session"), "the cookie is gone");
            } finally {
                driver.quit();
            }
        }
    }
}
