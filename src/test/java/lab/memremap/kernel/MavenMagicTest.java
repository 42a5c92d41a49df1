package lab.memremap.kernel;

import static lab.memremap.kernel.KernelProcess.first;
import static lab.memremap.kernel.KernelProcess.stdout;
import static lab.memremap.kernel.KernelProcess.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lab.memremap.kernel.protocol.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * %maven resolves with Maven's resolver and honours ~/.m2/settings.xml: here a settings file that points at
 * the local repository the build already filled and says offline, so nothing touches the network.
 */
class MavenMagicTest {
    static KernelProcess kernel;
    static Path home;

    @BeforeAll
    static void start() throws Exception {
        Path jar = KernelProcess.projectJar("opentest4j");  // .../org/opentest4j/opentest4j/1.3.0/x.jar
        Path repository = jar.getParent().getParent().getParent().getParent().getParent();
        home = Files.createTempDirectory("memremap-maven-home");
        Files.createDirectories(home.resolve(".m2"));
        Files.writeString(home.resolve(".m2/settings.xml"), "<settings><localRepository>" + repository
                + "</localRepository><offline>true</offline></settings>");
        kernel = new KernelProcess(Map.of(), "-Duser.home=" + home);
    }

    @AfterAll
    static void stop() throws Exception {
        kernel.close();
        KernelProcess.deleteTree(home);
    }

    @Test
    void resolvesFromTheLocalRepositoryNamedInSettings() {
        Message reply = kernel.execute("List<String> jars = %maven org.opentest4j:opentest4j:1.3.0\njars.size()", false);
        List<Message> messages = kernel.drainUntilIdle(reply.parentHeader().get("msg_id").getAsString());
        assertEquals("ok", reply.content().get("status").getAsString(), reply.content().toString());
        assertTrue(stdout(messages).contains("opentest4j-1.3.0.jar"), stdout(messages));
        assertEquals("1", text(first(messages, "execute_result")));
        Message use = kernel.execute("org.opentest4j.AssertionFailedError.class.getSimpleName()", false);
        assertEquals("AssertionFailedError", text(first(kernel.drainUntilIdle(use.parentHeader().get("msg_id").getAsString()), "execute_result")));
    }

    @Test
    void loadFromPomCellResolvesTheListedDependencies() {
        Message reply = kernel.execute("%%loadFromPOM\n<dependency>\n  <groupId>org.apiguardian</groupId>\n"
                + "  <artifactId>apiguardian-api</artifactId>\n  <version>1.1.2</version>\n</dependency>", false);
        List<Message> messages = kernel.drainUntilIdle(reply.parentHeader().get("msg_id").getAsString());
        assertEquals("ok", reply.content().get("status").getAsString(), reply.content().toString());
        assertTrue(stdout(messages).contains("apiguardian-api-1.1.2.jar"), stdout(messages));
    }

    @Test
    void mavenRepoChecksItsArguments() {
        assertEquals("ok", kernel.execute("%mavenRepo scratch file:///nonexistent/repo", true).content().get("status").getAsString());
        Message reply = kernel.execute("%mavenRepo onlyAnId", true);
        assertTrue(reply.content().get("evalue").getAsString().contains("%mavenRepo"), reply.content().toString());
    }

    @Test
    void aMissingArtifactIsAClearError() {
        Message reply = kernel.execute("%maven org.example.nowhere:missing:1.0", true);
        assertEquals("error", reply.content().get("status").getAsString());
        assertTrue(reply.content().toString().contains("org.example.nowhere:missing"), reply.content().toString());
    }

    @Test
    void badCoordinatesNameTheMagicAndTheValue() {
        Message reply = kernel.execute("%maven not-a-coordinate", true);
        assertTrue(reply.content().get("evalue").getAsString().contains("%maven: 'not-a-coordinate'"), reply.content().toString());
    }
}
