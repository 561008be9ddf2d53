package io.flowlens.decoders.sflow;

import static io.flowlens.decoders.sflow.Frames.address;
import static io.flowlens.decoders.sflow.Frames.concat;
import static io.flowlens.decoders.sflow.Frames.ethernet;
import static io.flowlens.decoders.sflow.Frames.icmp;
import static io.flowlens.decoders.sflow.Frames.ipv4;
import static io.flowlens.decoders.sflow.Frames.ipv6;
import static io.flowlens.decoders.sflow.Frames.ipv6Address;
import static io.flowlens.decoders.sflow.Frames.tcp;
import static io.flowlens.decoders.sflow.Frames.udp;
import static io.flowlens.decoders.sflow.Frames.vlanTag;
import static io.flowlens.decoders.sflow.SflowDatagrams.counterSample;
import static io.flowlens.decoders.sflow.SflowDatagrams.datagram;
import static io.flowlens.decoders.sflow.SflowDatagrams.expandedFlowSample;
import static io.flowlens.decoders.sflow.SflowDatagrams.extendedGateway;
import static io.flowlens.decoders.sflow.SflowDatagrams.extendedRouter;
import static io.flowlens.decoders.sflow.SflowDatagrams.extendedSwitch;
import static io.flowlens.decoders.sflow.SflowDatagrams.flowSample;
import static io.flowlens.decoders.sflow.SflowDatagrams.framed;
import static io.flowlens.decoders.sflow.SflowDatagrams.rawHeader;
import static io.flowlens.decoders.sflow.SflowDatagrams.sampledEthernet;
import static io.flowlens.decoders.sflow.SflowDatagrams.sampledIp;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.decoders.DecodeResult;
import io.flowlens.decoders.DropReason;
import io.flowlens.decoders.ExportSource;
import io.flowlens.decoders.Protocol;
import io.flowlens.schema.FlowDirection;
import io.flowlens.schema.FlowRecord;
import io.flowlens.schema.FlowType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SflowDecoderTest {
  private static final byte[] AGENT = address(10, 0, 0, 1);
  private static final ExportSource SOURCE = new ExportSource(address(10, 9, 9, 9), 6343, 1_700_000_000_123L);
  private static final byte[] SRC4 = address(192, 0, 2, 1);
  private static final byte[] DST4 = address(198, 51, 100, 7);
  private static final long SRC_MAC = 0x0200_0000_0001L;
  private static final long DST_MAC = 0x0200_0000_0002L;
  private static final byte[] TCP_FRAME = concat(ethernet(DST_MAC, SRC_MAC, 0x8100), vlanTag(0, 42, 0x0800),
      ipv4(0x28, 6, SRC4, DST4, 0, 0), tcp(45000, 443, 0x12));

  private final SflowDecoder decoder = new SflowDecoder();

  private DecodeResult decode(byte[] datagram) {
    return decoder.decode(Unpooled.wrappedBuffer(datagram), SOURCE);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }

  private static byte[] tcpSample(long sequence) {
    return flowSample(sequence, 5, 512, 5, 6, rawHeader(1, 1522, TCP_FRAME));
  }

  @Test
  void shouldMapAFlowSampleWithRawHeaderAndExtendedRecords() {
    byte[] datagram = datagram(AGENT, 3, 1001,
        flowSample(77, 5, 1024, 5, 6, extendedSwitch(42, 43), rawHeader(1, 1522, TCP_FRAME),
            extendedRouter(address(10, 1, 1, 1), 24, 16),
            extendedGateway(address(10, 2, 2, 2), 64500, 64501, 64502, new long[][] {{64510, 64511, 64512}, {65000}})));
    DecodeResult result = decode(datagram);

    assertThat(result.protocol()).isEqualTo(Protocol.SFLOW_V5);
    assertThat(result.drops()).isEmpty();
    assertThat(result.hasSequence()).isTrue();
    assertThat(result.observationDomainId()).isEqualTo(3);
    assertThat(result.sequenceNumber()).isEqualTo(1001);
    assertThat(result.sequenceIncrement()).isEqualTo(1);
    assertThat(result.flows()).hasSize(1);
    FlowRecord flow = result.flows().get(0);
    assertThat(flow.getType()).isEqualTo(FlowType.SFLOW_V5);
    assertThat(bytes(flow.getExporterAddress())).isEqualTo(AGENT);
    assertThat(flow.getObservationDomainId()).isEqualTo(3);
    assertThat(flow.getSequenceNumber()).isEqualTo(77);
    assertThat(flow.getSamplingRate()).isEqualTo(1024);
    assertThat(flow.getTimeReceivedMs()).isEqualTo(SOURCE.receivedAtMillis());
    assertThat(flow.getFlowStartMs()).isEqualTo(SOURCE.receivedAtMillis());
    assertThat(flow.getFlowEndMs()).isEqualTo(SOURCE.receivedAtMillis());
    assertThat(flow.getBytes()).isEqualTo(1522);
    assertThat(flow.getPackets()).isEqualTo(1);
    assertThat(bytes(flow.getSrcAddr())).isEqualTo(SRC4);
    assertThat(bytes(flow.getDstAddr())).isEqualTo(DST4);
    assertThat(flow.getSrcPort()).isEqualTo(45000);
    assertThat(flow.getDstPort()).isEqualTo(443);
    assertThat(flow.getProto()).isEqualTo(6);
    assertThat(flow.getEtype()).isEqualTo(0x0800);
    assertThat(flow.getTcpFlags()).isEqualTo(0x12);
    assertThat(flow.getTos()).isEqualTo(0x28);
    assertThat(flow.getInIf()).isEqualTo(5);
    assertThat(flow.getOutIf()).isEqualTo(6);
    assertThat(flow.getSrcMac()).isEqualTo(SRC_MAC);
    assertThat(flow.getDstMac()).isEqualTo(DST_MAC);
    assertThat(flow.getSrcVlan()).isEqualTo(42);
    assertThat(flow.getDstVlan()).isEqualTo(43);
    assertThat(bytes(flow.getNextHop())).as("the router's next hop, not the gateway's").isEqualTo(address(10, 1, 1, 1));
    assertThat(flow.getSrcPrefixLen()).isEqualTo(24);
    assertThat(flow.getDstPrefixLen()).isEqualTo(16);
    assertThat(flow.getSrcAs()).isEqualTo(64501);
    assertThat(flow.getDstAs()).as("last AS of the first segment").isEqualTo(64512);
    assertThat(flow.getIcmpType()).isZero();
    assertThat(flow.getDirection()).isEqualTo(FlowDirection.UNKNOWN);
  }

  @Test
  void shouldProduceRecordsTheAvroSerdeAccepts() {
    FlowRecord flow = decode(datagram(AGENT, 0, 1, tcpSample(1))).flows().get(0);
    byte[] wire = new io.flowlens.schema.FlowRecordSerializer().serialize("flows", flow);
    FlowRecord back = new io.flowlens.schema.FlowRecordDeserializer().deserialize("flows", wire);
    assertThat(back).isEqualTo(flow);
  }

  @Test
  void shouldTakeTheRoutersAsWhenTheDestinationPathIsEmpty() {
    FlowRecord flow = decode(datagram(AGENT, 0, 1, flowSample(1, 5, 1, 5, 6, rawHeader(1, 64, TCP_FRAME),
        extendedGateway(address(10, 2, 2, 2), 64500, 0, 0, new long[0][])))).flows().get(0);
    assertThat(flow.getSrcAs()).isZero();
    assertThat(flow.getDstAs()).isEqualTo(64500);
    assertThat(bytes(flow.getNextHop())).as("gateway next hop when there is no router record").isEqualTo(address(10, 2, 2, 2));
  }

  @Test
  void shouldDecodeAnIpv6AgentAndAnExpandedFlowSample() {
    byte[] agent = ipv6Address(9);
    byte[] frame = concat(ethernet(DST_MAC, SRC_MAC, 0x86DD), ipv6(0, 17, ipv6Address(1), ipv6Address(2)), udp(53, 5353));
    DecodeResult result = decode(datagram(agent, 1, 2,
        expandedFlowSample(3000000000L, 4096, 0, 369098852, 0, 369098851, rawHeader(1, 106, frame))));
    assertThat(result.drops()).isEmpty();
    FlowRecord flow = result.flows().get(0);
    assertThat(bytes(flow.getExporterAddress())).isEqualTo(agent);
    assertThat(flow.getSequenceNumber()).isEqualTo(3000000000L);
    assertThat(flow.getSamplingRate()).isEqualTo(4096);
    assertThat(flow.getInIf()).isEqualTo(369098852);
    assertThat(flow.getOutIf()).isEqualTo(369098851);
    assertThat(bytes(flow.getSrcAddr())).isEqualTo(ipv6Address(1));
    assertThat(flow.getEtype()).isEqualTo(0x86DD);
    assertThat(flow.getProto()).isEqualTo(17);
    assertThat(flow.getDstPort()).isEqualTo(5353);
  }

  @Test
  void shouldMapSpecialOutputInterfacesToZero() {
    long discard = (1L << 30) | 258;
    long multiple = (2L << 30) | 7;
    long local = 0x3FFFFFFFL;
    DecodeResult result = decode(datagram(AGENT, 0, 1,
        flowSample(1, 5, 1, local, discard, rawHeader(1, 64, TCP_FRAME)),
        flowSample(2, 5, 1, 5, multiple, rawHeader(1, 64, TCP_FRAME)),
        flowSample(3, 5, 1, 5, local, rawHeader(1, 64, TCP_FRAME)),
        expandedFlowSample(4, 1, 0, 9, 1, 258, rawHeader(1, 64, TCP_FRAME)),
        expandedFlowSample(5, 1, 0, 9, 2, 3, rawHeader(1, 64, TCP_FRAME)),
        expandedFlowSample(6, 1, 0, 0x3FFFFFFFL, 0, 0x3FFFFFFFL, rawHeader(1, 64, TCP_FRAME))));
    assertThat(result.flows()).extracting(FlowRecord::getOutIf).containsExactly(0L, 0L, 0L, 0L, 0L, 0L);
    assertThat(result.flows()).extracting(FlowRecord::getInIf).containsExactly(0L, 5L, 5L, 9L, 9L, 0L);
  }

  @Test
  void shouldCountCounterSamplesBesideFlowSamples() {
    DecodeResult result = decode(datagram(AGENT, 0, 1, counterSample(false), tcpSample(1), counterSample(true)));
    assertThat(result.counterSamples()).isEqualTo(2);
    assertThat(result.flows()).hasSize(1);
    assertThat(result.drops()).isEmpty();
  }

  @Test
  void shouldSkipUnknownSamplesByTheirLengthAndCountThem() {
    DecodeResult result = decode(datagram(AGENT, 0, 1,
        framed(0, 5 /* discarded packet sample, not decoded */, new byte[40]), tcpSample(1),
        framed(4413, 1 /* vendor enterprise */, new byte[13]), tcpSample(2)));
    assertThat(result.dropped(DropReason.UNSUPPORTED_RECORD)).isEqualTo(2);
    assertThat(result.flows()).extracting(FlowRecord::getSequenceNumber).containsExactly(1L, 2L);
    assertThat(result.dropped(DropReason.MALFORMED)).isZero();
  }

  @Test
  void shouldSkipUnknownFlowRecordsSilently() {
    DecodeResult result = decode(datagram(AGENT, 0, 1, flowSample(1, 5, 1, 5, 6,
        framed(0, 1010 /* extended 802.1X */, new byte[10]), framed(8800, 3, new byte[20]), rawHeader(1, 90, TCP_FRAME))));
    assertThat(result.drops()).isEmpty();
    assertThat(result.flows()).hasSize(1);
    assertThat(result.flows().get(0).getBytes()).isEqualTo(90);
  }

  @Test
  void shouldUseTheSampledIpv4RecordWhenThereIsNoRawHeader() {
    DecodeResult result = decode(datagram(AGENT, 0, 1,
        flowSample(1, 5, 256, 5, 6, sampledIp(1344, 17, SRC4, DST4, 46622, 58631, 0, 0x20)),
        flowSample(2, 5, 256, 5, 6, sampledIp(84, 1, SRC4, DST4, 3, 13, 0, 0))));
    FlowRecord udp = result.flows().get(0);
    assertThat(udp.getBytes()).as("the IP length, without a frame length").isEqualTo(1344);
    assertThat(bytes(udp.getSrcAddr())).isEqualTo(SRC4);
    assertThat(udp.getProto()).isEqualTo(17);
    assertThat(udp.getSrcPort()).isEqualTo(46622);
    assertThat(udp.getDstPort()).isEqualTo(58631);
    assertThat(udp.getTos()).isEqualTo(0x20);
    assertThat(udp.getEtype()).isEqualTo(0x0800);
    FlowRecord icmp = result.flows().get(1);
    assertThat(icmp.getIcmpType()).as("the type in src_port").isEqualTo(3);
    assertThat(icmp.getIcmpCode()).as("the code in dst_port").isEqualTo(13);
    assertThat(icmp.getSrcPort()).as("ICMP has no ports").isZero();
    assertThat(icmp.getDstPort()).isZero();
  }

  @Test
  void shouldTakeIcmpv6TypeAndCodeFromTheSampledIpv6Record() {
    FlowRecord flow = decode(datagram(AGENT, 0, 1, flowSample(1, 5, 1, 5, 6,
        sampledIp(104, 58, ipv6Address(1), ipv6Address(2), 128, 0, 0, 0)))).flows().get(0);
    assertThat(flow.getIcmpType()).isEqualTo(128);
    assertThat(flow.getIcmpCode()).isZero();
    assertThat(flow.getSrcPort()).isZero();
    assertThat(flow.getDstPort()).isZero();
    assertThat(flow.getEtype()).isEqualTo(0x86DD);
  }

  @Test
  void shouldNotTakeTheIcmpFieldsOfOtherProtocolsFromTheirPorts() {
    FlowRecord flow = decode(datagram(AGENT, 0, 1, flowSample(1, 5, 1, 5, 6,
        sampledIp(60, 6, SRC4, DST4, 3, 13, 0x02, 0)))).flows().get(0);
    assertThat(flow.getIcmpType()).isZero();
    assertThat(flow.getIcmpCode()).isZero();
    assertThat(flow.getSrcPort()).isEqualTo(3);
    assertThat(flow.getDstPort()).isEqualTo(13);
  }

  @Test
  void shouldTakeIcmpTypeAndCodeFromTheRawHeaderBeforeTheSampledRecord() {
    byte[] header = concat(ipv4(0, 1, SRC4, DST4, 0, 0), icmp(11, 1), new byte[4]);
    FlowRecord flow = decode(datagram(AGENT, 0, 1, flowSample(1, 5, 1, 5, 6,
        sampledIp(84, 1, SRC4, DST4, 3, 13, 0, 0), rawHeader(11, 50, header)))).flows().get(0);
    assertThat(flow.getIcmpType()).isEqualTo(11);
    assertThat(flow.getIcmpCode()).isEqualTo(1);
  }

  @Test
  void shouldUseTheSampledIpv6AndEthernetRecords() {
    FlowRecord flow = decode(datagram(AGENT, 0, 1, flowSample(1, 5, 1, 5, 6,
        sampledEthernet(1518, SRC_MAC, DST_MAC, 0x86DD),
        sampledIp(1500, 6, ipv6Address(1), ipv6Address(2), 80, 1234, 0x10, 0xB8)))).flows().get(0);
    assertThat(flow.getBytes()).as("the frame length of the Ethernet record").isEqualTo(1518);
    assertThat(flow.getSrcMac()).isEqualTo(SRC_MAC);
    assertThat(flow.getDstMac()).isEqualTo(DST_MAC);
    assertThat(bytes(flow.getDstAddr())).isEqualTo(ipv6Address(2));
    assertThat(flow.getEtype()).isEqualTo(0x86DD);
    assertThat(flow.getTcpFlags()).isEqualTo(0x10);
    assertThat(flow.getTos()).isEqualTo(0xB8);
  }

  @Test
  void shouldPreferTheRawHeaderToTheSampledIpRecord() {
    FlowRecord flow = decode(datagram(AGENT, 0, 1, flowSample(1, 5, 1, 5, 6,
        sampledIp(999, 17, address(1, 1, 1, 1), address(2, 2, 2, 2), 1, 2, 0, 0), rawHeader(1, 1390, TCP_FRAME))))
        .flows().get(0);
    assertThat(flow.getBytes()).isEqualTo(1390);
    assertThat(bytes(flow.getSrcAddr())).isEqualTo(SRC4);
    assertThat(flow.getProto()).isEqualTo(6);
  }

  @Test
  void shouldParseRawIpv4HeadersWithIcmp() {
    byte[] header = concat(ipv4(0, 1, SRC4, DST4, 0, 0), icmp(0, 0), new byte[4]);
    FlowRecord flow = decode(datagram(AGENT, 0, 1, flowSample(1, 2, 1, 0, 2, rawHeader(11, 50, header)))).flows().get(0);
    assertThat(flow.getEtype()).isEqualTo(0x0800);
    assertThat(flow.getProto()).isEqualTo(1);
    assertThat(flow.getSrcPort()).isZero();
    assertThat(flow.getSrcMac()).isZero();
    assertThat(flow.getBytes()).isEqualTo(50);
  }

  @Test
  void shouldFallBackToTheHeaderVlanWhenTheSwitchVlanIsNoVlanId() {
    FlowRecord flow = decode(datagram(AGENT, 0, 1, flowSample(1, 5, 1, 5, 6,
        extendedSwitch(0xFFFFFFFFL, 0), rawHeader(1, 64, TCP_FRAME)))).flows().get(0);
    assertThat(flow.getSrcVlan()).isEqualTo(42);
    assertThat(flow.getDstVlan()).isZero();
  }

  @Test
  void shouldNotMoveTheReaderIndex() {
    byte[] datagram = datagram(AGENT, 0, 1, tcpSample(1));
    ByteBuf buf = Unpooled.buffer().writeZero(7).writeBytes(datagram);
    buf.readerIndex(7);
    DecodeResult result = decoder.decode(buf, SOURCE);
    assertThat(result.flows()).hasSize(1);
    assertThat(buf.readerIndex()).isEqualTo(7);
    assertThat(buf.writerIndex()).isEqualTo(7 + datagram.length);
  }

  @Test
  void shouldRejectOtherVersions() {
    byte[] v4 = datagram(AGENT, 0, 1, tcpSample(1));
    v4[3] = 4;
    DecodeResult result = decode(v4);
    assertThat(result.protocol()).isEqualTo(Protocol.UNKNOWN);
    assertThat(result.dropped(DropReason.UNSUPPORTED_VERSION)).isEqualTo(1);
    assertThat(result.flows()).isEmpty();
    assertThat(result.hasSequence()).isFalse();
  }

  @Test
  void shouldCallUnknownAgentAddressTypesMalformed() {
    byte[] datagram = datagram(AGENT, 0, 1, tcpSample(1));
    datagram[7] = 3;
    DecodeResult result = decode(datagram);
    assertThat(result.dropped(DropReason.MALFORMED)).isEqualTo(1);
    assertThat(result.malformedDetail()).isEqualTo("agent address type 3 [0x0004]");
    assertThat(result.flows()).isEmpty();
  }

  @Test
  void shouldCallTruncatedHeadersMalformed() {
    byte[] datagram = datagram(AGENT, 0, 1, tcpSample(1));
    for (int cut = 0; cut < 28; cut++) {
      DecodeResult result = decode(Arrays.copyOf(datagram, cut));
      assertThat(result.dropped(DropReason.MALFORMED)).as("cut %d", cut).isEqualTo(1);
      assertThat(result.flows()).isEmpty();
      assertThat(result.hasSequence()).as("cut %d", cut).isFalse();
    }
  }

  @Test
  void shouldKeepEarlierSamplesWhenASampleOverrunsTheDatagram() {
    byte[] good = tcpSample(1);
    byte[] datagram = datagram(AGENT, 0, 1, good, tcpSample(2));
    int secondLength = 28 + good.length + 4;
    datagram[secondLength] = 0x7F; // length of the second sample: 0x7Fxxxxxx
    DecodeResult result = decode(datagram);
    assertThat(result.flows()).extracting(FlowRecord::getSequenceNumber).containsExactly(1L);
    assertThat(result.dropped(DropReason.MALFORMED)).isEqualTo(1);
    assertThat(result.malformedDetail()).startsWith("sample length ").endsWith(String.format("[0x%04X]", 28 + good.length));
  }

  @Test
  void shouldCallASampleCountTheDatagramCannotBackMalformed() {
    DecodeResult result = decode(datagram(AGENT, 0, 1, 0xFFFFFFFFL, tcpSample(1), tcpSample(2)));
    assertThat(result.flows()).hasSize(2);
    assertThat(result.dropped(DropReason.MALFORMED)).isEqualTo(1);
    assertThat(result.malformedDetail()).startsWith("datagram ends after 2 of 4294967295 samples");
  }

  @Test
  void shouldIgnoreBytesAfterTheDeclaredSamples() {
    DecodeResult result = decode(datagram(AGENT, 0, 1, 1, tcpSample(1), tcpSample(2)));
    assertThat(result.flows()).hasSize(1);
    assertThat(result.drops()).isEmpty();
  }

  @Test
  void shouldDropAFlowSampleWhoseRecordOverrunsItAndGoOn() {
    byte[] bad = tcpSample(1);
    bad[8 + 32 + 4] = 0x01; // first record's length: 0x01xxxxxx, beyond the sample
    DecodeResult result = decode(datagram(AGENT, 0, 1, bad, tcpSample(2)));
    assertThat(result.flows()).extracting(FlowRecord::getSequenceNumber).containsExactly(2L);
    assertThat(result.dropped(DropReason.MALFORMED)).isEqualTo(1);
    assertThat(result.malformedDetail()).startsWith("flow record length ");
  }

  @Test
  void shouldDropFlowSamplesTooShortForTheirFieldsOrRecords() {
    byte[] shortSample = framed(0, SflowDecoder.SAMPLE_FLOW, new byte[28]);
    byte[] shortRecord = flowSample(3, 5, 1, 5, 6, framed(0, SflowDecoder.RECORD_IPV4, new byte[28]));
    byte[] headerOverrun = flowSample(4, 5, 1, 5, 6, framed(0, SflowDecoder.RECORD_RAW_HEADER,
        concat(new byte[] {0, 0, 0, 1, 0, 0, 0, 64, 0, 0, 0, 4, 0, 0, 0, 100}, new byte[64])));
    byte[] missingRecords = framed(0, SflowDecoder.SAMPLE_FLOW, Arrays.copyOf(
        Arrays.copyOfRange(tcpSample(5), 8, 8 + 32), 32));
    missingRecords[8 + 31] = 2; // two records declared, none present
    DecodeResult result = decode(datagram(AGENT, 0, 1, shortSample, shortRecord, headerOverrun, missingRecords, tcpSample(6)));
    assertThat(result.flows()).extracting(FlowRecord::getSequenceNumber).containsExactly(6L);
    assertThat(result.dropped(DropReason.MALFORMED)).isEqualTo(4);
  }

  @Test
  void shouldDecodeADatagramWithoutSamples() {
    DecodeResult result = decode(datagram(AGENT, 0, 9));
    assertThat(result.flows()).isEmpty();
    assertThat(result.drops()).isEmpty();
    assertThat(result.sequenceNumber()).isEqualTo(9);
  }
}
