package io.holdfast.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its chromedriver (both from the system's packages; nothing is
 * downloaded): {@code HOLDFAST_TEST_CHROMIUM} and {@code HOLDFAST_TEST_CHROMEDRIVER} override the paths.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(env("HOLDFAST_TEST_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(env("HOLDFAST_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));

    final ChromeDriver driver;
    final WebDriverWait wait;
    final String base;

    Browser(String base, Path downloads) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the browser tests need Chromium and its driver: apt-get install chromium"
                    + " chromium-driver (looked for " + CHROMIUM + " and " + CHROMEDRIVER + ")");
        }
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--no-first-run",
                "--window-size=1280,800");
        o.setExperimentalOption(
                "prefs",
                Map.of("download.default_directory", downloads.toString(), "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        this.driver = new ChromeDriver(service, o);
        driver.executeCdpCommand(
                "Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", downloads.toString(), "eventsEnabled", false));
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        this.base = base;
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }

    /** Opens a page by its hash route and waits until it has rendered its data. */
    void open(String route) {
        String page = route.replaceFirst("^#/", "").replaceFirst("[/?].*", "");
        unready();
        driver.get(base + "/" + route);
        ready(page.isEmpty() ? "overview" : page);
    }

    /** Waits until the page {@code page} (or sign-in) has set body[data-ready]. */
    void ready(String page) {
        wait.until(d -> page.equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
    }

    /** Forgets that the current page is ready, so that {@link #ready} waits for the next render. */
    void unready() {
        ((JavascriptExecutor) driver).executeScript("if (document.body) delete document.body.dataset.ready;");
    }

    /** Clicks something that navigates, and waits until the page {@code page} has rendered. */
    void go(By by, String page) {
        unready();
        click(by);
        ready(page);
    }

    /** The time the last page took from its start to its data on screen, in ms. */
    double lastLoadMillis() {
        Object v = ((JavascriptExecutor) driver).executeScript("return window.holdfastLoad.ms;");
        return ((Number) v).doubleValue();
    }

    /** Time from navigation start to the page's data on screen, in ms (a full load: HTML, scripts, API calls). */
    double sinceNavigationMillis() {
        Object v = ((JavascriptExecutor) driver).executeScript("return window.holdfastLoad.sinceNavigation;");
        return ((Number) v).doubleValue();
    }

    void signIn(String token) {
        driver.get(base + "/");
        ((JavascriptExecutor) driver).executeScript("sessionStorage.clear();");
        driver.navigate().refresh();
        ready("sign-in");
        WebElement t = driver.findElement(By.name("token"));
        t.sendKeys(token, org.openqa.selenium.Keys.ENTER);
        wait.until(d -> {
            String r = d.findElement(By.tagName("body")).getDomAttribute("data-ready");
            return r != null && !r.equals("sign-in");
        });
    }

    void signOut() {
        go(By.id("sign-out"), "sign-in");
    }

    WebElement find(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    void click(By by) {
        wait.until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    /** A button or link by its visible text (exact). */
    static By text(String text) {
        return By.xpath("//*[(self::button or self::a) and normalize-space(.)='" + text + "']");
    }

    /** The label's control, by label text. */
    WebElement labelled(String label) {
        WebElement l = find(By.xpath("//label[normalize-space(.)='" + label + "']"));
        return driver.findElement(By.id(l.getDomAttribute("for")));
    }

    void type(WebElement e, String text) {
        e.clear();
        e.sendKeys(text);
    }

    /** Waits until the element's text contains {@code text}. */
    void waitText(By by, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    String bodyText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    void size(int w, int h) {
        driver.manage().window().setSize(new Dimension(w, h));
    }

    byte[] screenshot() {
        return driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
