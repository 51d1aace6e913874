package io.holdfast.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.holdfast.server.jobs.Sleeper;
import io.holdfast.server.security.Role;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The dashboard in a real browser (Debian's headless Chromium): an administrator signs in, adds a target, an asset
 * (first with a mistake the form shows next to the field) and a policy, runs it and watches the job finish, browses
 * the copy, inspects a model file's tensors, downloads a file and restores another through the wizard (bytes
 * compared), acknowledges an alert and reads the audit trail; a restore-role user is not offered what the role may not
 * do, and the server refuses it anyway; the phone layout has a menu.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    @TempDir
    static Path dir;

    static TestServer server;
    static Browser browser;
    static Path data;
    static Path restores;
    static Path downloads;

    @BeforeAll
    static void start() throws Exception {
        data = dir.resolve("source");
        Files.createDirectories(data.resolve("models"));
        Files.createDirectories(data.resolve("docs"));
        Files.writeString(data.resolve("docs/readme.txt"), "the dashboard restored me\n");
        byte[] blob = new byte[300_000];
        new Random(7).nextBytes(blob);
        Files.write(data.resolve("docs/weights.bin"), blob);
        Files.write(data.resolve("models/tiny.safetensors"), safetensors());
        restores = dir.resolve("restores");
        downloads = dir.resolve("downloads");
        Files.createDirectories(restores);
        Files.createDirectories(downloads);
        server = new TestServer(
                ServerOptions.defaults(dir.resolve("server"))
                        .withRestoreRoots(List.of(restores))
                        .withRetries(java.time.Duration.ofSeconds(1), 1), // a failure alerts at once
                Clock.systemUTC(),
                Sleeper.REAL);
        browser = new Browser("http://127.0.0.1:" + server.server.port(), downloads);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A safetensors file with two float32 tensors. */
    static byte[] safetensors() {
        String header = "{\"embed.weight\":{\"dtype\":\"F32\",\"shape\":[4,2],\"data_offsets\":[0,32]},"
                + "\"head.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[32,40]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 40).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        for (int i = 0; i < 10; i++) {
            b.putFloat(i * 0.5f);
        }
        return b.array();
    }

    @Test
    @Order(1)
    void anAdministratorProtectsRestoresAndAudits() throws Exception {
        browser.signIn(server.adminToken);
        assertThat(browser.find(By.id("who")).getText()).contains("admin");

        // a target, created with its repository
        browser.open("#/settings");
        browser.type(browser.labelled("Name"), "primary");
        browser.type(
                browser.labelled("Location (as for holdfast -r)"),
                dir.resolve("repo").toString());
        browser.type(browser.labelled("Repository password"), "correct horse");
        browser.click(By.id("target-init"));
        browser.go(Browser.text("Add target"), "settings");
        browser.waitText(By.id("main"), dir.resolve("repo").toString());
        assertThat(browser.bodyText()).doesNotContain("correct horse");

        // an asset: a relative path is refused and the message sits next to the paths field
        browser.open("#/protect");
        browser.click(By.id("new-asset"));
        browser.type(browser.labelled("Name"), "training-data");
        browser.type(browser.labelled("Paths (one absolute path per line)"), "source/docs");
        browser.click(Browser.text("Add asset"));
        WebElement paths = browser.labelled("Paths (one absolute path per line)");
        WebElement error = browser.find(By.id(paths.getDomAttribute("id") + "-error"));
        assertThat(error.getText()).contains("paths").contains("not absolute");
        assertThat(paths.getDomAttribute("aria-invalid")).isEqualTo("true");
        browser.type(paths, data.toString());
        browser.go(Browser.text("Add asset"), "protect");
        browser.waitText(By.id("main"), "training-data");

        // a policy: backup every hour to the target, keeping 7
        browser.click(By.id("new-policy"));
        browser.type(browser.labelled("Name"), "nightly");
        new org.openqa.selenium.support.ui.Select(browser.labelled("Target backups go to"))
                .selectByVisibleText("primary");
        browser.click(By.xpath("//fieldset[@id='policy-assets']//input[@value='training-data']"));
        browser.go(Browser.text("Add policy"), "protect");
        browser.waitText(By.id("main"), "backup (every 1h)");

        // run it now and watch the job finish
        browser.go(By.xpath("//button[@aria-label='Run nightly now']"), "jobs");
        browser.waitText(By.id("job-state"), "succeeded");
        assertThat(browser.find(By.className("log")).getText())
                .contains("snapshot")
                .contains("saved");

        // the copy: browse, inspect the model, download one file, restore another through the wizard
        browser.open("#/copies");
        browser.go(By.cssSelector("table a[href^='#/copies/']"), "copies");
        String root = data.toString();
        for (String part : List.of(root.substring(1).split("/", -1))) {
            browser.go(Browser.text(part + "/"), "copies");
        }
        browser.go(Browser.text("models/"), "copies");
        browser.click(By.xpath("//button[@aria-label='Inspect model tiny.safetensors']"));
        browser.waitText(By.id("panel"), "embed.weight");
        assertThat(browser.find(By.id("model-status")).getText()).isEqualTo("ok");
        assertThat(browser.find(By.id("panel")).getText())
                .contains("F32")
                .contains("[4, 2]")
                .contains("head.bias");

        browser.go(By.cssSelector("nav.crumbs a:nth-last-of-type(2)"), "copies");
        browser.go(Browser.text("docs/"), "copies");
        browser.click(By.xpath("//button[@aria-label='Download weights.bin']"));
        Path downloaded = downloads.resolve("weights.bin");
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, java.time.Duration.ofSeconds(30))
                .withMessage(() -> "downloaded: " + listing(downloads))
                .until(d -> Files.exists(downloaded) && sameBytes(downloaded, data.resolve("docs/weights.bin")));

        browser.click(By.xpath("//button[@aria-label='Restore readme.txt']"));
        browser.click(By.id("wizard-next"));
        browser.type(
                browser.find(By.id("restore-to")),
                restores.resolve("from-dashboard").toString());
        browser.click(By.id("wizard-next"));
        assertThat(browser.find(By.id("restore-summary")).getText())
                .contains("readme.txt")
                .contains("from-dashboard");
        browser.go(By.id("wizard-next"), "jobs");
        browser.waitText(By.id("job-state"), "succeeded");
        Path restored = find(restores.resolve("from-dashboard"), "readme.txt");
        assertThat(Files.mismatch(restored, data.resolve("docs/readme.txt"))).isEqualTo(-1);

        // search finds the file across copies, once the file index has taken the copy in (a job after the backup)
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, java.time.Duration.ofSeconds(60))
                .withMessage("no index job finished")
                .until(d -> server.admin("GET", "/api/v1/jobs?kind=index&state=succeeded", null)
                                .json()
                                .size()
                        > 0);
        browser.open("#/search?q=weights");
        browser.waitText(By.id("main"), "/docs/weights.bin");

        // an alert from a real failure, acknowledged with a note
        JsonNode broken = server.admin(
                        "POST",
                        "/api/v1/assets",
                        "{\"name\":\"gone\",\"kind\":\"command\",\"command\":[\"/bin/false\"],\"filename\":\"x\"}")
                .json();
        assertThat(broken.has("id")).isTrue();
        String pid = server.admin(
                        "POST",
                        "/api/v1/policies",
                        "{\"name\":\"broken\",\"assets\":[\"gone\"],\"target\":\"primary\","
                                + "\"stages\":[{\"type\":\"backup\",\"every\":\"1d\"}]}")
                .json()
                .get("id")
                .asText();
        JsonNode job = server.runNow(pid);
        assertThat(job.get("state").asText()).isEqualTo("failed");
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, java.time.Duration.ofSeconds(30))
                .withMessage(() -> "no open alert: "
                        + server.admin("GET", "/api/v1/alerts", null).body())
                .until(d -> server.admin("GET", "/api/v1/alerts?state=open", null)
                                .json()
                                .size()
                        > 0);
        browser.open("#/alerts");
        browser.click(By.xpath("//button[starts-with(@aria-label, 'Acknowledge alert')]"));
        browser.type(browser.find(By.id("ack-note")), "asset was retired; policy to be removed");
        browser.click(Browser.text("Acknowledge"));
        browser.waitText(By.id("main"), "asset was retired");
        assertThat(browser.all(By.xpath("//button[starts-with(@aria-label, 'Acknowledge alert')]")))
                .isEmpty();
        new org.openqa.selenium.support.ui.Select(browser.find(By.id("alert-state"))).selectByVisibleText("open");
        browser.waitText(By.id("main"), "No alerts in this state.");

        // the audit trail shows what was done, and its chain is intact
        browser.open("#/audit");
        String audit = browser.find(By.id("main")).getText();
        assertThat(audit)
                .contains(
                        "target.create",
                        "asset.create",
                        "policy.create",
                        "restore.request",
                        "alert.ack",
                        "copy.download");
        browser.click(By.id("verify-chain"));
        browser.waitText(By.id("verify-result"), "is intact");

        // the overview shows the protected asset, the jobs and the storage chart
        browser.open("#/overview");
        assertThat(browser.find(By.id("main")).getText()).contains("Protected", "Recent jobs", "Storage");
        browser.signOut();
    }

    static boolean sameBytes(Path a, Path b) {
        try {
            return Files.mismatch(a, b) == -1;
        } catch (IOException e) {
            return false;
        }
    }

    static String listing(Path d) {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).toList().toString();
        } catch (IOException e) {
            return e.toString();
        }
    }

    static Path find(Path under, String name) throws IOException {
        try (Stream<Path> s = Files.walk(under)) {
            return s.filter(p -> p.getFileName().toString().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(name + " was not restored under " + under));
        }
    }

    @Test
    @Order(2)
    void aRestoreUserIsNotOfferedWhatTheRoleMayNotDo() {
        browser.signIn(server.tokens.get(Role.RESTORE));
        List<String> nav = browser.all(By.cssSelector("#nav a")).stream()
                .map(WebElement::getText)
                .toList();
        assertThat(nav).contains("Jobs", "Copies").doesNotContain("Assets & policies", "Audit", "Alerts");
        browser.open("#/protect");
        assertThat(browser.find(By.id("main")).getText()).contains("may not open this page");
        browser.open("#/copies");
        browser.go(By.cssSelector("table a[href^='#/copies/']"), "copies");
        assertThat(browser.all(By.id("restore-folder"))).hasSize(1);
        assertThat(browser.all(Browser.text("Legal hold…"))).isEmpty();
        // and the server refuses what the dashboard does not offer
        Object status = browser.script("const done = arguments[arguments.length - 1];"
                + "fetch('/api/v1/policies', {method: 'POST', headers: {'Content-Type': 'application/json',"
                + " Authorization: 'Bearer ' + sessionStorage.getItem('holdfast.token')}, body: '{}'})"
                + ".then(r => done(r.status));");
        assertThat(((Number) status).intValue()).isEqualTo(403);
        browser.signOut();
    }

    @Test
    @Order(3)
    void theKeyboardAloneSignsInAndMovesBetweenPages() {
        browser.driver.get(browser.base + "/");
        browser.driver.executeScript("sessionStorage.clear();");
        browser.driver.navigate().refresh();
        browser.ready("sign-in");
        // the token field has the focus: type and press Enter
        browser.driver.switchTo().activeElement().sendKeys(server.adminToken, Keys.ENTER);
        browser.ready("overview");
        // in a freshly loaded page, Tab reaches the skip link first, then the main navigation
        browser.unready();
        browser.driver.navigate().refresh();
        browser.ready("overview");
        new Actions(browser.driver).sendKeys(Keys.TAB).perform();
        assertThat(browser.driver.switchTo().activeElement().getText()).isEqualTo("Skip to content");
        String focused = "";
        for (int i = 0; i < 12 && !focused.equals("Jobs"); i++) {
            new Actions(browser.driver).sendKeys(Keys.TAB).perform();
            focused = browser.driver.switchTo().activeElement().getText();
        }
        assertThat(focused).isEqualTo("Jobs");
        browser.unready();
        new Actions(browser.driver).sendKeys(Keys.ENTER).perform();
        browser.ready("jobs");
        // the focus moves to the page's content
        assertThat(browser.driver.switchTo().activeElement().getDomAttribute("id"))
                .isEqualTo("main");
        browser.signOut();
    }

    @Test
    @Order(3)
    void thePhoneLayoutHasAMenuAndEveryControlIsLabelled() {
        browser.size(390, 844);
        try {
            browser.signIn(server.adminToken);
            WebElement menu = browser.find(By.id("menu"));
            assertThat(browser.driver.findElement(By.id("nav")).isDisplayed()).isFalse();
            menu.click();
            browser.go(By.cssSelector("#nav a[data-page='jobs']"), "jobs");
            assertThat(menu.getDomAttribute("aria-expanded")).isEqualTo("false");
            Number width = (Number) browser.driver.executeScript("return document.documentElement.scrollWidth;");
            assertThat(width.intValue()).isLessThanOrEqualTo(390);
            for (String page : List.of(
                    "#/overview",
                    "#/protect",
                    "#/jobs",
                    "#/copies",
                    "#/search",
                    "#/alerts",
                    "#/audit",
                    "#/prompts",
                    "#/settings")) {
                browser.open(page);
                Object unlabelled = browser.driver.executeScript(
                        "return [...document.querySelectorAll('input, select, textarea')].filter(e => e.type !== 'hidden'"
                                + " && !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.name);");
                assertThat((List<?>) unlabelled).as(page).isEmpty();
            }
        } finally {
            browser.size(1280, 800);
            browser.signOut();
        }
    }

    @Test
    @Order(4)
    void aWholeCopyGoesToAnotherTargetThroughTheWizard() throws Exception {
        server.addTarget("offsite", dir.resolve("offsite"));
        JsonNode copy = server.admin("GET", "/api/v1/copies?target=primary&limit=1", null)
                .json()
                .get(0);
        browser.signIn(server.adminToken);
        browser.open("#/copies/" + copy.get("targetId").asText() + "/"
                + copy.get("snapshotId").asText());
        browser.click(By.id("restore-folder"));
        browser.click(By.id("wizard-next"));
        assertThat(browser.find(By.id("restore-to")).isDisplayed()).isTrue();
        browser.click(By.id("mode-target"));
        assertThat(browser.driver.findElement(By.id("restore-to")).isDisplayed())
                .isFalse();
        new org.openqa.selenium.support.ui.Select(browser.find(By.id("restore-target"))).selectByVisibleText("offsite");
        browser.click(By.id("wizard-next"));
        assertThat(browser.find(By.id("restore-summary")).getText()).contains("offsite");
        browser.go(By.id("wizard-next"), "jobs");
        browser.waitText(By.id("job-state"), "succeeded");
        JsonNode there =
                server.admin("GET", "/api/v1/copies?target=offsite", null).json();
        assertThat(there.size()).isEqualTo(1);
        assertThat(there.get(0).get("time").asLong()).isEqualTo(copy.get("time").asLong());
        browser.signOut();
    }

    @Test
    @Order(5)
    void aSecurityOfficerErasesASubjectAndGetsTheCertificate() throws Exception {
        Path log = data.resolve("chat.jsonl");
        Files.writeString(log, """
                {"user":"alice","prompt":"hi"}
                {"user":"bob","prompt":"hello"}
                {"user":"alice","prompt":"again"}
                """);
        server.admin(
                "POST",
                "/api/v1/assets",
                "{\"name\":\"chat\",\"kind\":\"prompt-log\",\"paths\":[\"" + log + "\"],\"subject\":\"/user\"}");
        String pid = server.admin(
                        "POST",
                        "/api/v1/policies",
                        "{\"name\":\"chat\",\"assets\":[\"chat\"],\"target\":\"primary\","
                                + "\"stages\":[{\"type\":\"backup\",\"every\":\"1d\"}]}")
                .json()
                .get("id")
                .asText();
        JsonNode job = server.runNow(pid);
        assertThat(job.get("state").asText()).isEqualTo("succeeded");

        browser.signIn(server.tokens.get(Role.SECURITY_OFFICER));
        browser.open("#/prompts");
        browser.type(browser.find(By.id("subject")), "alice");
        browser.click(Browser.text("Find"));
        browser.waitText(By.id("subject-state"), "Records in 1 copies");
        browser.type(browser.find(By.id("erase-reason")), "GDPR art. 17 request #4711");
        browser.click(Browser.text("Erase"));
        // the confirmation box is required
        browser.waitText(By.id("erase-form"), "tick the box to confirm");
        browser.click(By.id("erase-confirm"));
        browser.click(Browser.text("Erase"));
        browser.waitText(By.id("certificate"), "Erasure certificate #");
        assertThat(browser.find(By.id("certificate")).getText()).contains("GDPR art. 17 request #4711");
        browser.click(Browser.text("Find"));
        browser.waitText(By.id("subject-state"), "Erased");
        browser.signOut();

        // an operator is not offered the erasure
        browser.signIn(server.tokens.get(Role.OPERATOR));
        browser.open("#/prompts");
        browser.type(browser.find(By.id("subject")), "bob");
        browser.click(Browser.text("Find"));
        browser.waitText(By.id("subject-state"), "Records in 1 copies");
        assertThat(browser.all(By.id("erase-form"))).isEmpty();
        browser.signOut();
    }
}
