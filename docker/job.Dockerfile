# syntax=docker/dockerfile:1.7
#
# netcost job image: the nightly job and the monthly report, with the Spark runtime as jars
# (Spark runs in local mode inside the pod). Build from the repository root (BuildKit):
#
#   docker build -f docker/job.Dockerfile -t ghcr.io/netcost/netcost-job:0.1.0 .
ARG MAVEN_IMAGE=maven:3.9.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17.0.15_6-jre-noble

FROM ${MAVEN_IMAGE} AS build
ARG MODULES=batch-job
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl "${MODULES}" -am package dependency:copy-dependencies \
        -DskipTests -Dspotless.apply.skip=true -Dspotless.check.skip=true \
        -DincludeScope=runtime -DoutputDirectory=/out/libs \
 && for module in $(echo "${MODULES}" | tr ',' ' '); do \
      find "${module}/target" -maxdepth 1 -name '*.jar' \
        ! -name '*-sources.jar' ! -name '*-tests.jar' ! -name '*-javadoc.jar' \
        -exec cp {} /out/libs/ \; ; \
    done \
 && cp batch-job/target/netcost-batch-job-*.jar /out/netcost-batch-job.jar \
 && ls /out/libs | sort > /out/libs.txt

FROM ${RUNTIME_IMAGE}
ARG MAIN_CLASS=dev.netcost.job.Main
LABEL org.opencontainers.image.title="netcost-job" \
      org.opencontainers.image.description="netcost nightly job and monthly report (Spark local mode)" \
      org.opencontainers.image.licenses="Apache-2.0"
RUN groupadd --system --gid 10001 netcost \
 && useradd --system --uid 10001 --gid netcost --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin netcost
COPY --from=build /out/libs/ /opt/netcost/libs/
COPY --from=build /out/libs.txt /opt/netcost/libs.txt
# the job's JVM options (Spark's module openings): the one file ./netcost and the build use too
COPY conf/jvm/job.options /opt/netcost/conf/jvm/job.options
COPY --chmod=0755 docker/rootfs/usr/local/bin/netcost /usr/local/bin/netcost
ENV NETCOST_MAIN_CLASS=${MAIN_CLASS} \
    SPARK_LOCAL_IP=127.0.0.1 \
    NETCOST_JVM_OPTIONS="@/opt/netcost/conf/jvm/job.options"
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/netcost"]
