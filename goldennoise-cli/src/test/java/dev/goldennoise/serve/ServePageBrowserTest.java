package dev.goldennoise.serve;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page in a real browser: Debian's chromium, headless, driven by Selenium through chromium-driver (which
 * .ci/run installs; without them this test fails rather than skips). It loads the page, is asked for the token,
 * submits a prompt, sees two images, votes, and the vote is in the database.
 */
class ServePageBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    /** Selenium warns that it has no DevTools bindings for this Chromium (the test uses none); held, or it is collected. */
    private static final java.util.logging.Logger SELENIUM_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium");

    @Test
    void submitSeeTwoImagesVoteAndFindTheVoteInTheDatabase(@TempDir Path dir) throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "this test needs Debian's chromium and chromium-driver: apt-get install chromium chromium-driver (.ci/run does)");
        SELENIUM_LOG.setLevel(java.util.logging.Level.SEVERE);
        Path data = dir.resolve("data");
        try (TinyService tiny = new TinyService().start(TinyService.settings(0, 4).withToken("page-token"), data)) {
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start
            options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                    "--user-data-dir=" + dir.resolve("profile"));
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                    .withLogFile(dir.resolve("chromedriver.log").toFile()).usingAnyFreePort().build();
            WebDriver browser = new ChromeDriver(service, options);
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90));
                browser.get(tiny.uri("/").toString());
                browser.findElement(By.id("prompt")).sendKeys("a red circle to the left of a blue square");
                browser.findElement(By.id("seed")).sendKeys("5");
                browser.findElement(By.id("compare")).click();
                // no token yet: the service answers 401 and the page asks for it
                wait.until(b -> b.findElement(By.id("auth")).isDisplayed());
                assertTrue(browser.findElement(By.id("status")).getText().contains("Bearer"), browser.findElement(By.id("status")).getText());
                browser.findElement(By.id("token")).sendKeys("page-token");
                browser.findElement(By.id("save-token")).click();
                browser.findElement(By.id("compare")).click();
                wait.until(b -> Boolean.TRUE.equals(((JavascriptExecutor) b).executeScript(
                        "var a = document.getElementById('first-img'), b = document.getElementById('second-img');"
                                + " return a.complete && b.complete && a.naturalWidth === 64 && b.naturalWidth === 64;")));
                assertTrue(browser.findElement(By.id("first-img")).isDisplayed());
                assertTrue(browser.findElement(By.id("second-img")).isDisplayed());
                browser.findElement(By.id("vote-second")).click();
                wait.until(b -> b.findElement(By.id("status")).getText().contains("recorded"));
            } finally {
                browser.quit();
            }
            try (ServeDatabase db = ServeDatabase.open(data)) {
                List<ServeDatabase.Vote> votes = db.votes();
                assertEquals(1, votes.size(), votes.toString());
                assertEquals("second", votes.get(0).choice());
                assertTrue(db.target(votes.get(0).requestId()).orElseThrow().comparison(), "a vote on the comparison shown");
                ServeDatabase.ComparisonVote v = db.comparisonVotes().get(0);
                assertEquals("a red circle to the left of a blue square", v.prompt());
                assertEquals(5, v.seed());
            }
        }
    }
}
