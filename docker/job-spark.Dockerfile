# syntax=docker/dockerfile:1.7
#
# netcost job image for the Spark Operator variant (k8s/cronjobs/spark-operator): the Apache Spark
# image (spark-submit, /opt/entrypoint.sh, Spark's own jars in /opt/spark/jars), plus netcost's
# jars in /opt/netcost/libs (put on the class path by spark.driver/executor.extraClassPath) and
# the application jar at /opt/netcost/libs/netcost-batch-job.jar: the plain jar
# (netcost-batch-job-<version>.jar), not the spark-submit jar (-spark.jar, for clusters without
# netcost's jars, docs/spark-clusters.md), whose bundled classes the jars beside it already hold.
# Jars that Spark already ships under the same file name (same artifact and version) are left out.
#
#   docker build -f docker/job-spark.Dockerfile -t ghcr.io/netcost/netcost-job-spark:0.1.0 .
ARG MAVEN_IMAGE=maven:3.9.9-eclipse-temurin-17
ARG SPARK_IMAGE=apache/spark:4.1.1-scala2.13-java17-ubuntu

FROM ${MAVEN_IMAGE} AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl batch-job -am package dependency:copy-dependencies \
        -DskipTests -Dspotless.apply.skip=true -Dspotless.check.skip=true \
        -DincludeScope=runtime -DoutputDirectory=/out/libs \
 && cp batch-job/target/netcost-batch-job-[0-9]*[0-9T].jar /out/libs/netcost-batch-job.jar

FROM ${SPARK_IMAGE}
LABEL org.opencontainers.image.title="netcost-job-spark" \
      org.opencontainers.image.description="netcost nightly job for the Spark Operator" \
      org.opencontainers.image.licenses="Apache-2.0"
USER root
COPY --from=build /out/libs/ /opt/netcost/libs/
RUN for jar in /opt/netcost/libs/*.jar; do \
      if [ -e "/opt/spark/jars/$(basename "${jar}")" ]; then rm "${jar}"; fi; \
    done \
 && ls /opt/netcost/libs | sort > /opt/netcost/libs.txt
# the Spark image's own non-root user
USER 185
