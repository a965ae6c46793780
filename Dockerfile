# syntax=docker/dockerfile:1
# Portico container image.
#   docker build -t portico --build-arg PORTICO_COMMIT=$(git rev-parse --short=12 HEAD) .
#   docker run --rm -p 8080:8080 -p 8421:8421 -v "$PWD/my.toml:/etc/portico/portico.toml:ro" portico
# The heap is sized from the container's memory limit (MaxRAMPercentage); JDK_JAVA_OPTIONS adds JVM options.

# ---- build: Maven on a JDK 21 ------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY pom.xml ./
COPY bench/pom.xml bench/
COPY proxy-core proxy-core
COPY proxy-modules proxy-modules
COPY proxy-server proxy-server
# .git is not in the build context: the commit for "portico --version" comes in as a build argument.
# The cache mount keeps downloaded dependencies between builds.
ARG PORTICO_COMMIT=unknown
RUN --mount=type=cache,target=/root/.m2 \
    mvn -q -B -pl proxy-server -am -DskipTests -Dportico.commit="${PORTICO_COMMIT}" package \
    && cp proxy-server/target/portico.jar /portico.jar

# ---- runtime: a JRE 21, non-root ---------------------------------------------------------------
FROM eclipse-temurin:21-jre AS runtime
ARG UID=10001
RUN groupadd --system --gid ${UID} portico \
    && useradd --system --uid ${UID} --gid ${UID} --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin portico \
    && mkdir -p /opt/portico /etc/portico
COPY --from=build /portico.jar /opt/portico/portico.jar
COPY deploy/jvm.options /opt/portico/jvm.options
COPY deploy/kubernetes/portico.toml /etc/portico/portico.toml
# Class-data sharing: a training run (portico train: ~12 s of HTTP/1.1, TLS handshakes and
# keep-alive, HTTP/2 through a proxy of its own on loopback) writes an archive of the classes a
# serving proxy loads; every start maps it read-only (faster start, less memory per replica). Made
# with this image's JVM, as the archive requires. A failed request in training does not fail the
# build (the archive is written at exit all the same); a missing archive does.
RUN set -eu; cd /opt/portico; \
    java @jvm.options -XX:ArchiveClassesAtExit=portico.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
        -jar portico.jar train || echo "portico train reported failures (above); the archive stands"; \
    test -s portico.jsa; \
    java @jvm.options -XX:SharedArchiveFile=portico.jsa -Xshare:on -jar portico.jar --version
USER ${UID}:${UID}
EXPOSE 8080 8421
# jvm.options: the collector, the heap's young generation and initial size, native trim, exit on
# out-of-memory (Kubernetes restarts it). MaxRAMPercentage: the heap may grow to 60% of the
# container's memory limit; the rest is metaspace, thread stacks, direct buffers and the CDS mapping.
ENTRYPOINT ["java", "@/opt/portico/jvm.options", "-XX:MaxRAMPercentage=60", \
            "-XX:SharedArchiveFile=/opt/portico/portico.jsa", "-Xshare:auto", "-Xlog:cds=off", \
            "-jar", "/opt/portico/portico.jar"]
CMD ["--config", "/etc/portico/portico.toml"]
