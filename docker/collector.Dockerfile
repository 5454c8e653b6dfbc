# syntax=docker/dockerfile:1.7
#
# netcost collector image: the flow collector (DaemonSet) and the metadata collector (Deployment).
# No Spark, no Hadoop. Build from the repository root (BuildKit):
#
#   docker build -f docker/collector.Dockerfile -t ghcr.io/netcost/netcost-collector:0.1.0 .
#
# MODULES: the Maven modules whose jars (and runtime dependencies) make up the image; the module
# holding the command line (the NETCOST_MAIN_CLASS) must be among them.
ARG MAVEN_IMAGE=maven:3.9.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17.0.15_6-jre-noble

FROM ${MAVEN_IMAGE} AS build
ARG MODULES=collector/app
WORKDIR /src
COPY . .
# The Maven repository is a BuildKit cache, so rebuilds do not download again. Formatting is
# skipped (spotless runs in CI); tests run in CI, not in the image build.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl "${MODULES}" -am package dependency:copy-dependencies \
        -DskipTests -Dspotless.apply.skip=true -Dspotless.check.skip=true \
        -DincludeScope=runtime -DoutputDirectory=/out/libs \
 && for module in $(echo "${MODULES}" | tr ',' ' '); do \
      find "${module}/target" -maxdepth 1 -name '*.jar' \
        ! -name '*-sources.jar' ! -name '*-tests.jar' ! -name '*-javadoc.jar' \
        -exec cp {} /out/libs/ \; ; \
    done \
 && ls /out/libs | sort > /out/libs.txt \
 && mkdir -p /out/classpath \
 && cp collector/flows/target/classpath-image/*.txt collector/metadata/target/classpath-image/*.txt \
       store-s3/target/classpath-image/*.txt store-gcs/target/classpath-image/*.txt \
       store-azure/target/classpath-image/*.txt /out/classpath/

FROM ${RUNTIME_IMAGE}
ARG MAIN_CLASS=dev.netcost.collector.CollectorMain
LABEL org.opencontainers.image.title="netcost-collector" \
      org.opencontainers.image.description="netcost flow collector (kernel conntrack) and metadata collector" \
      org.opencontainers.image.licenses="Apache-2.0"
# conntrack (Debian/Ubuntu package of conntrack-tools): the conntrack CLI, for the collector and
# for an operator debugging a node (kubectl exec ... conntrack -L -o extended)
RUN apt-get update \
 && apt-get install -y --no-install-recommends conntrack \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 netcost \
 && useradd --system --uid 10001 --gid netcost --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin netcost
COPY --from=build /out/libs/ /opt/netcost/libs/
COPY --from=build /out/libs.txt /opt/netcost/libs.txt
# the class path in parts: the launcher puts on it only what the command needs
# (netcost-collector-classpath: 20 jars for `collect flows` with a local store)
COPY --from=build /out/classpath/ /opt/netcost/classpath/
# the collectors' JVM options: the one file ./netcost and bench/ use too
COPY conf/jvm/collector.options /opt/netcost/conf/jvm/collector.options
COPY --chmod=0755 docker/rootfs/usr/local/bin/netcost-collector-classpath /usr/local/bin/netcost-collector-classpath
COPY --chmod=0755 docker/rootfs/usr/local/bin/netcost /usr/local/bin/netcost
ENV NETCOST_MAIN_CLASS=${MAIN_CLASS} \
    NETCOST_JVM_OPTIONS=@/opt/netcost/conf/jvm/collector.options \
    NETCOST_CLASSPATH_PARTS=/opt/netcost/classpath \
    MALLOC_ARENA_MAX=2
# The image's user is non-root. The flow collector DaemonSet overrides it with uid 0 and a
# capability set of NET_ADMIN only (k8s/base/flow-collector.yaml says why); the metadata
# collector runs as this user.
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/netcost"]
