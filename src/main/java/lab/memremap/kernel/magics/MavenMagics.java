package lab.memremap.kernel.magics;

import java.io.File;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.maven.model.Model;
import org.apache.maven.model.Repository;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.graph.Dependency;

/**
 * IJava's dependency magics on Maven's resolver: {@code %maven} (and its aliases), {@code %mavenRepo},
 * and {@code %loadFromPOM} as a line magic (a pom file) or a cell magic (a fragment of a pom).
 */
public final class MavenMagics {
    private final MagicHost host;
    private final MavenResolver resolver;

    public MavenMagics(MagicHost host, MavenResolver resolver) {
        this.host = host;
        this.resolver = resolver;
    }

    public void register(MagicCatalog catalog) {
        catalog.line("maven", "resolve Maven coordinates (group:artifact:version ...) with their dependencies"
                + " and add them to the class path", this::maven, "addMavenDependency", "addMavenDependencies");
        catalog.line("mavenRepo", "add a Maven repository: %mavenRepo id url", this::mavenRepo, "addMavenRepo");
        catalog.line("loadFromPOM", "add the dependencies of a pom file: %loadFromPOM pom.xml [scope ...]", this::loadFromPomFile);
        catalog.cell("loadFromPOM", "add the dependencies listed in the cell (a pom, or its <dependencies>"
                + " and <repositories>)", this::loadFromPomCell);
    }

    public List<String> maven(List<String> coordinates) throws Exception {
        if (coordinates.isEmpty()) throw new IllegalArgumentException("%maven: give group:artifact:version coordinates");
        return added(resolver.resolve(coordinates));
    }

    public Void mavenRepo(List<String> args) {
        if (args.size() != 2) {
            throw new IllegalArgumentException("%mavenRepo: expected 'id url', got " + args);
        }
        resolver.addRepository(args.get(0), args.get(1));
        return null;
    }

    public List<String> loadFromPomFile(List<String> args) throws Exception {
        if (args.isEmpty()) throw new IllegalArgumentException("%loadFromPOM: give the path of a pom file");
        Path pom = Path.of(args.get(0));
        if (!Files.isRegularFile(pom)) throw new IllegalArgumentException("%loadFromPOM: no such file '" + pom + "'");
        Set<String> scopes = args.size() > 1 ? Set.copyOf(args.subList(1, args.size())) : Set.of("compile", "runtime");
        try (Reader in = Files.newBufferedReader(pom, StandardCharsets.UTF_8)) {
            return load(new MavenXpp3Reader().read(in), scopes);
        }
    }

    public List<String> loadFromPomCell(List<String> args, String body) throws Exception {
        Set<String> scopes = args.isEmpty() ? Set.of("compile", "runtime") : Set.copyOf(args);
        return load(new MavenXpp3Reader().read(new StringReader(completePom(body))), scopes);
    }

    /** Wraps a fragment (bare dependencies, or sections of a pom) into a pom the model reader accepts. */
    static String completePom(String body) {
        String b = body.strip();
        if (b.contains("<project")) return b;
        if (b.startsWith("<dependency>")) b = "<dependencies>" + b + "</dependencies>";
        return "<project><modelVersion>4.0.0</modelVersion><groupId>notebook</groupId>"
                + "<artifactId>cell</artifactId><version>0</version>" + b + "</project>";
    }

    private List<String> load(Model model, Set<String> scopes) throws Exception {
        for (Repository r : model.getRepositories()) resolver.addRepository(r.getId(), r.getUrl());
        List<Dependency> deps = new ArrayList<>();
        for (org.apache.maven.model.Dependency d : model.getDependencies()) {
            String scope = d.getScope() == null ? "compile" : d.getScope();
            if (!scopes.contains(scope)) continue;
            String type = d.getType() == null ? "jar" : d.getType();
            deps.add(new Dependency(new DefaultArtifact(d.getGroupId(), d.getArtifactId(), d.getClassifier(), type,
                    d.getVersion()), scope));
        }
        if (deps.isEmpty()) return List.of();
        return added(resolver.resolveDependencies(deps));
    }

    private List<String> added(List<File> files) {
        List<String> paths = new ArrayList<>();
        for (File f : files) paths.add(f.getAbsolutePath());
        host.addToClasspath(paths);
        System.out.println("Added " + paths.size() + " jar" + (paths.size() == 1 ? "" : "s") + " to the class path:");
        for (File f : files) System.out.println("  " + f.getName());
        return paths;
    }
}
