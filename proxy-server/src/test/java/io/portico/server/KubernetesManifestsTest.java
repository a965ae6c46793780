package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.portico.config.ConfigLoader;
import io.portico.config.ListenerConfig;
import io.portico.config.ProxyConfig;
import io.portico.module.SimpleMetricsRegistry;
import io.portico.server.snapshot.LoadedModules;
import io.portico.server.snapshot.ModuleJars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes/ read with a YAML parser and checked against the Portico config it mounts
 * (and the Dockerfile's user): ports, probe paths, the drain time against the grace period, the
 * config file's name and mount, security settings, and the selectors that tie the objects together.
 */
class KubernetesManifestsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DIR = ROOT.resolve("deploy/kubernetes");
    private static final ObjectMapper YAML = new YAMLMapper();

    static JsonNode kustomization;
    static List<JsonNode> objects = new ArrayList<>();
    static JsonNode deployment;
    static JsonNode pod;
    static JsonNode container;
    static ProxyConfig config;
    static String configFile;

    @BeforeAll
    static void read() throws IOException {
        kustomization = YAML.readTree(DIR.resolve("kustomization.yaml").toFile());
        for (JsonNode resource : kustomization.get("resources")) {
            try (var parser = new YAMLFactory().createParser(DIR.resolve(resource.asText()).toFile())) {
                YAML.readValues(parser, JsonNode.class).readAll().stream().filter(n -> !n.isNull()).forEach(objects::add);
            }
        }
        deployment = only("Deployment");
        pod = deployment.at("/spec/template/spec");
        container = pod.get("containers").get(0);
        JsonNode generator = kustomization.get("configMapGenerator").get(0);
        configFile = generator.get("files").get(0).asText();
        config = ConfigLoader.load(DIR.resolve(configFile));
    }

    static JsonNode only(String kind) {
        List<JsonNode> found = objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
        assertThat(found).as("one %s", kind).hasSize(1);
        return found.get(0);
    }

    static JsonNode named(String kind, String name) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)
                && o.at("/metadata/name").asText().equals(name)).findFirst().orElse(MissingNode.getInstance());
    }

    static int containerPort(String nameOrNumber) {
        for (JsonNode p : container.get("ports")) {
            if (p.get("name").asText().equals(nameOrNumber) || p.get("containerPort").asText().equals(nameOrNumber)) {
                return p.get("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port " + nameOrNumber);
    }

    static long seconds(java.time.Duration d) {
        return (long) Math.ceil(d.toMillis() / 1000.0);
    }

    @Test
    void theMountedConfigIsAValidConfigThisBuildCanServe() {
        io.portico.server.tls.ListenerTls.build(config);
        io.portico.server.tls.ClusterTls.build(config);
        LoadedModules.load(config.modules(), new ModuleJars(getClass().getClassLoader()).catalog(config.modules()),
                new SimpleMetricsRegistry()).close();
        JsonNode generator = kustomization.get("configMapGenerator").get(0);
        assertThat(generator.at("/options/disableNameSuffixHash").asBoolean())
                .as("a fixed ConfigMap name, so the mounted file changes in place and Portico reloads it").isTrue();
    }

    @Test
    void theContainerRunsTheConfigFileTheConfigMapMountsAsADirectory() {
        String configMap = kustomization.get("configMapGenerator").get(0).get("name").asText();
        JsonNode volume = null;
        for (JsonNode v : pod.get("volumes")) {
            if (v.at("/configMap/name").asText().equals(configMap)) {
                volume = v;
            }
        }
        assertThat(volume).as("a volume from ConfigMap %s", configMap).isNotNull();
        JsonNode mount = null;
        for (JsonNode m : container.get("volumeMounts")) {
            if (m.get("name").asText().equals(volume.get("name").asText())) {
                mount = m;
            }
        }
        assertThat(mount).isNotNull();
        assertThat(mount.has("subPath")).as("a subPath mount never sees ConfigMap updates").isFalse();
        List<String> args = new ArrayList<>();
        container.get("args").forEach(a -> args.add(a.asText()));
        assertThat(args).containsSubsequence("--config", mount.get("mountPath").asText() + "/" + configFile);
    }

    @Test
    void portsAndProbesAgreeWithTheListenersAndTheAdminPort() {
        ListenerConfig listener = config.listeners().get(0);
        assertThat(containerPort("http")).isEqualTo(listener.port());
        assertThat(listener.host()).isEqualTo("0.0.0.0");
        assertThat(config.admin().enabled()).isTrue();
        assertThat(config.admin().host()).as("probes come from the node: the admin port cannot be on loopback").isEqualTo("0.0.0.0");
        assertThat(containerPort("admin")).isEqualTo(config.admin().port());

        JsonNode readiness = container.at("/readinessProbe/httpGet");
        JsonNode liveness = container.at("/livenessProbe/httpGet");
        assertThat(readiness.get("path").asText()).isEqualTo("/readyz");
        assertThat(liveness.get("path").asText()).isEqualTo("/healthz");
        assertThat(containerPort(readiness.get("port").asText())).isEqualTo(config.admin().port());
        assertThat(containerPort(liveness.get("port").asText())).isEqualTo(config.admin().port());

        JsonNode annotations = deployment.at("/spec/template/metadata/annotations");
        assertThat(annotations.get("prometheus.io/scrape").asText()).isEqualTo("true");
        assertThat(annotations.get("prometheus.io/port").asInt()).isEqualTo(config.admin().port());
        assertThat(annotations.get("prometheus.io/path").asText()).isEqualTo("/metrics");
    }

    @Test
    void theGracePeriodOutlastsThePreStopPauseAndTheDrain() {
        List<String> preStop = new ArrayList<>();
        container.at("/lifecycle/preStop/exec/command").forEach(c -> preStop.add(c.asText()));
        assertThat(preStop).hasSize(2).startsWith("sleep");
        long pause = Long.parseLong(preStop.get(1));
        assertThat(pause).isPositive();
        long drain = seconds(config.server().gracefulShutdownTimeout());
        assertThat(pod.get("terminationGracePeriodSeconds").asLong()).isGreaterThan(pause + drain);
    }

    @Test
    void theServicesSendTrafficToTheListenerAndScrapesToTheAdminPort() {
        JsonNode labels = deployment.at("/spec/template/metadata/labels");
        JsonNode selector = deployment.at("/spec/selector/matchLabels");
        selector.fields().forEachRemaining(e -> assertThat(labels.get(e.getKey())).isEqualTo(e.getValue()));
        List<JsonNode> services = objects.stream().filter(o -> o.get("kind").asText().equals("Service")).toList();
        assertThat(services).hasSize(2);
        for (JsonNode service : services) {
            service.at("/spec/selector").fields()
                    .forEachRemaining(e -> assertThat(labels.get(e.getKey())).as("service selector").isEqualTo(e.getValue()));
        }
        JsonNode traffic = named("Service", "portico").at("/spec/ports").get(0);
        assertThat(containerPort(traffic.get("targetPort").asText())).isEqualTo(config.listeners().get(0).port());
        JsonNode admin = named("Service", "portico-admin").at("/spec/ports").get(0);
        assertThat(admin.get("name").asText()).isEqualTo("admin");
        assertThat(containerPort(admin.get("targetPort").asText())).isEqualTo(config.admin().port());
    }

    @Test
    void theBudgetAndTheAutoscalerTargetTheDeployment() {
        String name = deployment.at("/metadata/name").asText();
        int replicas = deployment.at("/spec/replicas").asInt();
        JsonNode pdb = only("PodDisruptionBudget");
        assertThat(pdb.at("/spec/selector/matchLabels")).isEqualTo(deployment.at("/spec/selector/matchLabels"));
        assertThat(pdb.at("/spec/maxUnavailable").asInt()).isBetween(1, replicas - 1);
        JsonNode hpa = only("HorizontalPodAutoscaler");
        assertThat(hpa.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
        assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo(name);
        assertThat(hpa.at("/spec/minReplicas").asInt()).isEqualTo(replicas);
        assertThat(hpa.at("/spec/maxReplicas").asInt()).isGreaterThan(replicas);
        assertThat(hpa.at("/spec/metrics/0/resource/name").asText()).isEqualTo("cpu");
        assertThat(container.at("/resources/requests/cpu").isMissingNode()).as("HPA on CPU needs a CPU request").isFalse();
    }

    @Test
    void thePodRunsAsTheImagesNonRootUserOnAReadOnlyRootFilesystem() throws IOException {
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
        Matcher uid = Pattern.compile("(?m)^ARG UID=(\\d+)$").matcher(Files.readString(ROOT.resolve("Dockerfile")));
        assertThat(uid.find()).isTrue();
        assertThat(pod.at("/securityContext/runAsUser").asText()).isEqualTo(uid.group(1));
        assertThat(container.at("/resources/requests/memory").asText())
                .isEqualTo(container.at("/resources/limits/memory").asText());
    }

    @Test
    void theImageShipsTheSameConfigAndRunsItByDefault() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertThat(dockerfile).contains("COPY deploy/kubernetes/" + configFile + " /etc/portico/" + configFile)
                .contains("CMD [\"--config\", \"/etc/portico/" + configFile + "\"]")
                .contains("EXPOSE " + config.listeners().get(0).port() + " " + config.admin().port());
        assertThat(Files.readString(ROOT.resolve(".dockerignore"))).contains("!deploy/kubernetes/" + configFile);
    }
}
