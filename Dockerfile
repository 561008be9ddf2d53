# One image for every flowlens command, built from this repository.
#
#   docker build --target ingest-agent -t flowlens/ingest-agent .
#   docker build --target aggregator   -t flowlens/aggregator .
#   docker build --target runtime      -t flowlens/flowlens .   (any command)
#
# JVM options go in JAVA_TOOL_OPTIONS (e.g. -Xmx1g): the exec-form entrypoint
# runs no shell that could expand a variable.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package
# The GeoLite2 City and ASN databases of 2019 that ship with flowlens (CC BY-SA 4.0): the demo's
# enrichment. Mount current files (geoipupdate) over /usr/share/GeoIP in production.
RUN mkdir -p /geoip && cd /geoip \
 && jar xf /src/app/target/lib/geolite2-databases-*.jar GeoLite2-City.mmdb GeoLite2-ASN.mmdb

FROM eclipse-temurin:17-jre AS runtime
RUN groupadd --system flowlens \
 && useradd --system --gid flowlens --home-dir /var/lib/flowlens --no-create-home flowlens \
 && mkdir -p /var/lib/flowlens /etc/flowlens \
 && chown flowlens:flowlens /var/lib/flowlens
COPY --from=build /src/app/target/flowlens-app.jar /opt/flowlens/flowlens-app.jar
COPY --from=build /src/app/target/lib/ /opt/flowlens/lib/
COPY --from=build /geoip/ /usr/share/GeoIP/
# Kafka Streams keeps its state stores under the working directory unless the
# config says otherwise; it must be writable by the unprivileged user.
WORKDIR /var/lib/flowlens
USER flowlens
ENTRYPOINT ["java", "-cp", "/opt/flowlens/flowlens-app.jar:/opt/flowlens/lib/*", "io.flowlens.app.Main"]

FROM runtime AS ingest-agent
EXPOSE 2055/udp 4739/udp 6343/udp 8081/tcp
CMD ["agent", "--config", "/etc/flowlens/agent.yaml"]

FROM runtime AS aggregator
EXPOSE 8080/tcp
CMD ["aggregator", "--config", "/etc/flowlens/aggregator.yaml"]
