package lab.memremap.kernel.magics;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.apache.maven.settings.Mirror;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsBuilderFactory;
import org.apache.maven.settings.building.DefaultSettingsBuildingRequest;
import org.apache.maven.settings.building.SettingsBuildingException;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.eclipse.aether.util.repository.DefaultAuthenticationSelector;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;
import org.eclipse.aether.util.repository.DefaultProxySelector;

/**
 * Resolves Maven coordinates with transitive dependencies using Maven's own resolver, configured from
 * {@code ~/.m2/settings.xml} (local repository, mirrors, proxies, server credentials, offline). When a
 * remote repository cannot be reached, it tries again offline from the local repository.
 */
public final class MavenResolver {
    private static final String CENTRAL = "https://repo.maven.apache.org/maven2/";
    private final Map<String, String> repositories = new LinkedHashMap<>();
    private RepositorySystem system;

    public MavenResolver() {
        repositories.put("central", CENTRAL);
    }

    public void addRepository(String id, String url) {
        if (id == null || id.isBlank() || url == null || !url.matches("(?i)(https?|file)://.+")) {
            throw new IllegalArgumentException("MavenResolver.addRepository: need an id and an http(s) or file URL, got id='"
                    + id + "' url='" + url + "'");
        }
        repositories.put(id, url);
    }

    /** The jar files of the given coordinates and everything they need at run time, resolved together. */
    public List<File> resolve(List<String> coordinates) throws DependencyResolutionException, SettingsBuildingException {
        List<Dependency> dependencies = new ArrayList<>();
        for (String c : coordinates) dependencies.add(new Dependency(artifact(c), JavaScopes.RUNTIME));
        return resolveDependencies(dependencies);
    }

    List<File> resolveDependencies(List<Dependency> dependencies) throws DependencyResolutionException, SettingsBuildingException {
        Settings settings = settings();
        try {
            return resolve(dependencies, settings, settings.isOffline());
        } catch (DependencyResolutionException e) {
            if (settings.isOffline()) throw e;
            return resolve(dependencies, settings, true);  // no network: the local repository may have it all
        }
    }

    /** Accepts {@code group:artifact[:extension[:classifier]]:version} and Ivy's {@code group#artifact;version}. */
    static DefaultArtifact artifact(String coordinate) {
        String c = coordinate.strip();
        if (c.matches("[^#;:]+#[^#;:]+;[^#;:]+")) c = c.replace('#', ':').replace(';', ':');
        try {
            return new DefaultArtifact(c);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("%maven: '" + coordinate
                    + "' is not group:artifact[:extension[:classifier]]:version", e);
        }
    }

    private List<File> resolve(List<Dependency> dependencies, Settings settings, boolean offline)
            throws DependencyResolutionException {
        RepositorySystem repoSystem = system();
        DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
        // Without system properties, profile-activated dependencies are silently dropped.
        session.setSystemProperties(System.getProperties());
        session.setOffline(offline);
        String local = settings.getLocalRepository() != null ? settings.getLocalRepository()
                : System.getProperty("user.home") + "/.m2/repository";
        session.setLocalRepositoryManager(repoSystem.newLocalRepositoryManager(session, new LocalRepository(local)));
        DefaultMirrorSelector mirrors = new DefaultMirrorSelector();
        for (Mirror m : settings.getMirrors()) {
            mirrors.add(m.getId(), m.getUrl(), m.getLayout(), false, m.isBlocked(), m.getMirrorOf(), m.getMirrorOfLayouts());
        }
        session.setMirrorSelector(mirrors);
        DefaultProxySelector proxies = new DefaultProxySelector();
        for (Proxy p : settings.getProxies()) {
            if (!p.isActive()) continue;
            var auth = p.getUsername() == null ? null
                    : new AuthenticationBuilder().addUsername(p.getUsername()).addPassword(p.getPassword()).build();
            proxies.add(new org.eclipse.aether.repository.Proxy(p.getProtocol(), p.getHost(), p.getPort(), auth),
                    p.getNonProxyHosts());
        }
        session.setProxySelector(proxies);
        DefaultAuthenticationSelector auths = new DefaultAuthenticationSelector();
        for (Server s : settings.getServers()) {
            if (s.getUsername() != null) {
                auths.add(s.getId(), new AuthenticationBuilder().addUsername(s.getUsername()).addPassword(s.getPassword()).build());
            }
        }
        session.setAuthenticationSelector(auths);

        List<RemoteRepository> remotes = new ArrayList<>();
        repositories.forEach((id, url) -> remotes.add(new RemoteRepository.Builder(id, "default", url).build()));
        CollectRequest collect = new CollectRequest(dependencies, null, repoSystem.newResolutionRepositories(session, remotes));
        DependencyRequest request = new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
        List<File> files = new ArrayList<>();
        for (ArtifactResult r : repoSystem.resolveDependencies(session, request).getArtifactResults()) {
            if (r.getArtifact() != null && r.getArtifact().getFile() != null) files.add(r.getArtifact().getFile());
        }
        return files;
    }

    private synchronized RepositorySystem system() {
        if (system == null) system = new RepositorySystemSupplier().get();
        return system;
    }

    private static Settings settings() throws SettingsBuildingException {
        DefaultSettingsBuildingRequest request = new DefaultSettingsBuildingRequest();
        request.setUserSettingsFile(new File(System.getProperty("user.home"), ".m2/settings.xml"));
        String mavenHome = System.getenv("MAVEN_HOME");
        if (mavenHome != null) request.setGlobalSettingsFile(new File(mavenHome, "conf/settings.xml"));
        request.setSystemProperties(System.getProperties());
        return new DefaultSettingsBuilderFactory().newInstance().build(request).getEffectiveSettings();
    }
}
