package io.flowlens.decoders.netflow9;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowlens.decoders.template.TemplateField;
import io.flowlens.decoders.testing.WireWriter;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

/** The NetFlow v9 wire structures read alone, at an offset, and refused when they overrun. */
class WireStructuresTest {
  @Test
  void shouldReadThePacketHeaderAndItsBootTime() {
    ByteBuf buf = new WireWriter().zeros(3).u16(9).u16(7).u32(60_000).u32(1_700_000_000L).u32(0xFFFFFFFEL).u32(0x80000001L).buf();
    Header h = Header.read(buf, 3);
    assertThat(h).isEqualTo(new Header(9, 7, 60_000, 1_700_000_000L, 0xFFFFFFFEL, 0x80000001L));
    assertThat(h.bootTimeMillis()).isEqualTo(1_700_000_000_000L - 60_000);
    assertThat(Header.SIZE).isEqualTo(20);
  }

  @Test
  void shouldReadAFieldSpecifierAsAnIanaElement() {
    FieldSpecifier f = FieldSpecifier.read(new WireWriter().u16(0x8001).u16(0).buf(), 0);
    // v9 has no enterprise bit: the type is kept as sent, and a zero length is a valid absent field.
    assertThat(f).isEqualTo(new FieldSpecifier(0x8001, 0));
    assertThat(f.toTemplateField()).isEqualTo(new TemplateField(0x8001, 0, 0));
  }

  @Test
  void shouldReadATemplateRecord() {
    ByteBuf buf = new WireWriter().u16(256).u16(2).u16(8).u16(4).u16(12).u16(4).u16(0xBEEF).buf();
    TemplateRecord r = TemplateRecord.read(buf, 0, 12);
    assertThat(r.templateId()).isEqualTo(256);
    assertThat(r.fields()).containsExactly(new FieldSpecifier(8, 4), new FieldSpecifier(12, 4));
    assertThat(r.wireLength()).isEqualTo(12);
    assertThat(TemplateRecord.wireLength(buf, 0, 12)).isEqualTo(12);
  }

  @Test
  void shouldRefuseATemplateRecordWhoseFieldCountOverrunsTheFlowSet() {
    ByteBuf buf = new WireWriter().u16(256).u16(2).u16(8).u16(4).u16(12).u16(4).buf();
    assertThat(TemplateRecord.read(buf, 0, 11)).isNull();
    assertThat(TemplateRecord.wireLength(buf, 0, 11)).isEqualTo(-1);
    ByteBuf huge = new WireWriter().u16(256).u16(0xFFFF).zeros(8).buf();
    assertThat(TemplateRecord.read(huge, 0, 12)).isNull();
  }

  @Test
  void shouldReadAnOptionsTemplateRecordWithItsScopeFields() {
    ByteBuf buf = new WireWriter().u16(257).u16(4).u16(8).u16(1).u16(4).u16(34).u16(4).u16(35).u16(1).buf();
    OptionsTemplateRecord r = OptionsTemplateRecord.read(buf, 0, 18);
    assertThat(r.templateId()).isEqualTo(257);
    assertThat(r.scopeFieldCount()).isEqualTo(1);
    assertThat(r.fields()).containsExactly(new FieldSpecifier(1, 4), new FieldSpecifier(34, 4), new FieldSpecifier(35, 1));
    assertThat(r.wireLength()).isEqualTo(18);
    assertThat(OptionsTemplateRecord.wireLength(buf, 0, 18)).isEqualTo(18);
  }

  @Test
  void shouldRefuseOptionsLengthsThatAreNotWholeSpecifiersOrOverrun() {
    ByteBuf odd = new WireWriter().u16(257).u16(3).u16(4).zeros(8).buf();
    assertThat(OptionsTemplateRecord.read(odd, 0, 14)).isNull();
    ByteBuf oddOption = new WireWriter().u16(257).u16(4).u16(6).zeros(10).buf();
    assertThat(OptionsTemplateRecord.read(oddOption, 0, 16)).isNull();
    ByteBuf overrun = new WireWriter().u16(257).u16(4).u16(8).zeros(12).buf();
    assertThat(OptionsTemplateRecord.read(overrun, 0, 17)).isNull();
    assertThat(OptionsTemplateRecord.wireLength(overrun, 0, 17)).isEqualTo(-1);
  }
}
